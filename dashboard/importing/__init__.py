"""Machine-coded event data (GDELT, ICEWS) turned into data directories."""
