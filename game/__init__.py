"""The drawing game (placeholder until the game lands)."""
