"""The PDF and EPUB 3 editions of the whole guide, made from the built site (`make editions`)."""
