"""roleatlas.store"""
