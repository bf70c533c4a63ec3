"""What the questions' services announce, for a higher app to act on (the notifications app tells the asker)."""

from django.dispatch import Signal

# A member offered help with a question for the first time (questions.services.respond). response: the new Response.
help_offered = Signal()
