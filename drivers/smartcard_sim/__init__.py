"""Simulated social security cards: the virtual card, its deck, a vpcd client, a private
pcscd, and an in-process fallback for machines where pcscd cannot run."""

from drivers.smartcard_sim.card import CardProfile, Deck, DeckError, VirtualCard, load_deck

__all__ = ["CardProfile", "Deck", "DeckError", "VirtualCard", "load_deck"]
