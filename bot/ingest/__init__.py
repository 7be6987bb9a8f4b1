"""Turning a web page, a Markdown file or a text file into an article of the knowledge base."""
