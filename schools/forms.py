from django import forms
from django.utils.translation import gettext_lazy as _

from schools.geojson import MAX_BYTES, BoundaryError, Drawing, read_boundaries, too_large


class WijkMapForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file with the wijken"),
        help_text=_(
            "The CBS wijk map of your municipality as GeoJSON, for example from PDOK, in WGS84 or RD New. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )

    file_name = ""

    def clean_file(self) -> Drawing:
        upload = self.cleaned_data["file"]
        self.file_name = upload.name or ""
        if upload.size > MAX_BYTES:  # before reading it
            raise forms.ValidationError(str(too_large()))
        try:
            return read_boundaries(upload.read())
        except BoundaryError as problem:
            raise forms.ValidationError(str(problem)) from None
