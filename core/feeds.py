from typing import Any

from django.contrib.syndication.views import Feed


class FilteredFeed(Feed):
    """An RSS feed of what a list page shows to the public, honouring the page's filter parameters.

    One Feed instance serves every request, so the parameters travel as the feed's "object", never on self.
    """

    filter_class: Any = None  # a django-filter FilterSet class
    order: tuple[str, ...] = ("-pk",)
    limit = 50

    def get_object(self, request, *args, **kwargs):
        return request.GET

    def public_queryset(self):
        raise NotImplementedError

    def items(self, params):
        return self.filter_class(params, queryset=self.public_queryset()).qs.order_by(*self.order)[: self.limit]
