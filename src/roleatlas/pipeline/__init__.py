"""roleatlas.pipeline"""
