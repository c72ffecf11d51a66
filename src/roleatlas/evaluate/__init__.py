"""roleatlas.evaluate"""
