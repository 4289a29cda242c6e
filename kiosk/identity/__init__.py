"""Who the resident is: the identity document model, what the card readers and app codes yield, and its interpretation.

May import the plumbing modules and drivers' event types; not session, services or anything above.
"""
