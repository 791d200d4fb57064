"""Forms validate input and say precisely what is wrong; views do the work."""

from django import forms

from articles.ingest.errors import IngestError
from articles.tagging import parse_tag_names


class TagNamesField(forms.CharField):
    """Comma-separated tag names, cleaned into a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "list": "tag-names"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_tag_names(super().clean(value) or "")


class PastedHTMLField(forms.CharField):
    """Page source as pasted: NUL bytes (which some pages carry) are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class AddArticleForm(forms.Form):
    url = forms.CharField(
        required=False,
        label="Link",
        help_text="The address of a web page. With pasted HTML below, the page's original "
        "address (optional).",
        # type=text, not url: browsers would refuse "example.com/story", which we accept.
        widget=forms.TextInput(
            attrs={
                "inputmode": "url",
                "autocomplete": "off",
                "placeholder": "https://…",
                "autofocus": True,
            }
        ),
    )
    html = PastedHTMLField(
        required=False,
        label="The page's HTML",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="For pages the server can't see: paywalled, behind a login, or built by scripts. "
        "In your browser, view the page source (Ctrl+U), select all, copy, and paste it here.",
    )
    tags = TagNamesField(label="Tags", help_text="Separate tags with commas.")

    def clean(self):
        data = super().clean()
        if not data.get("url", "").strip() and not data.get("html", "").strip():
            raise forms.ValidationError("Paste a link, or the HTML of a page, to save it.")
        return data

    def add_ingest_error(self, error: IngestError) -> None:
        """Show a failure to save next to the input it concerns, keeping everything typed."""
        field = "html" if self.cleaned_data.get("html", "").strip() else "url"
        message = str(error)
        if field == "url" and error.suggest_paste:
            message += " You can paste the page's HTML below instead."
        self.add_error(field, message)

    @property
    def wants_paste(self) -> bool:
        return bool(self.data.get("html") or self.has_error("html") or self.has_error("url"))
