"""The invalidation topics (core.invalidation) of the story book's cached blocks (core.fragments): the tables its
stories, filters and groups are read from (STORY_BOOK), and the few its filter panel's choices are read from
(STORY_BOOK_FILTERS), so that a new or edited story renews the results but not the filters."""

STORY_BOOK = "story-book"
STORY_BOOK_FILTERS = "story-book-filters"
