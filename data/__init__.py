"""coopmap's shipped data (the seed atlas, word lists, aliases), read as package resources."""
