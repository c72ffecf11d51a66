"""roleatlas.sources"""
