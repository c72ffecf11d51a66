"""roleatlas.catalog"""
