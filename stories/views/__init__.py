"""The stories pages, one module per use case: telling (the public form and the collection links), book (the story
book, its feed and the patterns), curation (a story's page, entering, moderating, selecting) and respondents (a
respondent's personal data)."""
