"""Answering: reading a question and composing a cited answer from the knowledge."""
