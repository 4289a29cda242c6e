"""Receipt (ESC/POS) and certificate (PDF) templates: data in, bytes out. Imports nothing of ours."""
