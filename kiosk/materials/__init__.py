"""Materials a resident hands in: the document-scanning pipeline, synthetic pages, signatures.

May import session and the plumbing modules.
"""
