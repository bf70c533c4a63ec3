"""The invalidation topic (core.invalidation) of the story book's cached blocks (core.fragments): the tables its
stories, filters and groups are read from."""

STORY_BOOK = "story-book"
