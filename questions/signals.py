"""What the questions' services announce, for a higher app to act on (the notifications app tells the asker, the
helpers, the line's holders and the question's followers)."""

from django.dispatch import Signal

# A member offered help with a question for the first time (questions.services.respond). response: the new Response.
help_offered = Signal()
# A new question was asked (questions.services.save_question). question: the new Question, saved with its themes.
question_asked = Signal()
# The asker (or a coordinator) accepted an offer of help (questions.services.accept_offer). response: the Response.
offer_accepted = Signal()
# An open question was marked answered (questions.services.set_answered). question; closed_by: the User who did it.
question_closed = Signal()
