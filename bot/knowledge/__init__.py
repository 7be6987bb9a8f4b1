"""The knowledge base: articles, their passages and facts, the names they use, the index and its cache."""
