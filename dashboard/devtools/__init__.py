"""Tools for developers: the bench, the straightforward yardstick and synthetic data."""
