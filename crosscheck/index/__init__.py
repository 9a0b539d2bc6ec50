"""Vector indexes (``vectors``): NumPy exact, FAISS flat and HNSW; nearest neighbours of each vector."""
