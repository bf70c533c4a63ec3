"""Measure question matching on the gold set (search/gold/questions.json) or the held-out set
(search/gold/held_out.json, --set held_out): hit@5 and MRR per kind and overall, the worst questions with what was
suggested, and how long suggest() takes. recall@5 is the share of a question's expected records (five at most)
among the first five suggested.

Runs against the current database, which must hold the demo network (`python manage.py load_demo`). The gold
questions it asks are rolled back at the end, so the database is as it was before.
"""

import statistics

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.evaluation import KINDS, SETS, evaluate, load_gold, missing_keys


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Score question matching on the gold set against the demo network in the current database (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--worst", type=int, default=10, help="how many of the worst question-kind pairs to show")
        parser.add_argument(
            "--set",
            dest="questions",
            choices=sorted(SETS),
            default="gold",
            help="the gold set (tuned on) or the held-out set (never tuned on)",
        )

    def handle(self, *args, worst: int = 10, questions: str = "gold", **options):
        gold = load_gold(SETS[questions])
        missing = missing_keys(gold)
        if missing:
            raise CommandError(
                "The database lacks records the gold set expects (run `manage.py load_demo` first): "
                + ", ".join(missing[:10])
            )
        try:
            with transaction.atomic():
                evaluation = evaluate(gold)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"{len(gold)} questions of the {questions} set against the current database\n")
        self.stdout.write(f"{'kind':<14}{'pairs':>6}{'hit@5':>8}{'MRR':>8}{'recall@5':>10}")
        for kind in [*KINDS, ""]:
            count, hit, mrr = evaluation.figures(kind)
            if count:
                recall = evaluation.recall(kind)
                self.stdout.write(f"{kind or 'overall':<14}{count:>6}{hit:>8.2f}{mrr:>8.2f}{recall:>10.2f}")
        seconds = sorted(evaluation.seconds)
        self.stdout.write(
            f"\nsuggest(): median {statistics.median(seconds) * 1000:.0f} ms, "
            f"slowest {seconds[-1] * 1000:.0f} ms over {len(seconds)} questions\n"
        )
        self.stdout.write(f"Worst {worst}:")
        for outcome in evaluation.worst(worst):
            self.stdout.write(
                f"- [{outcome.kind}] {outcome.title}\n    expected {', '.join(outcome.expected)}\n"
                f"    suggested {', '.join(outcome.suggested) or '(nothing)'}"
            )
