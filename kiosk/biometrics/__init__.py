"""Face verification against the card photo, the face + ID login flow, and liveness.

May import identity and the plumbing modules.
"""
