"""Models of the portfolio app."""
