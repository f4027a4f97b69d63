"""Models of the portfolio_pdf app."""
