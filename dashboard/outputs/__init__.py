"""What leaves the app as files: exports, images, slides and decks."""
