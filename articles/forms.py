"""Small forms: they validate user input and say clearly what is wrong; views do the rest."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from articles.imports import formats as import_formats
from articles.ingest.errors import IngestError
from articles.models import ReadingPreferences
from articles.tagging import parse_tag_names
from articles.user_input import TextField

# Reading settings are a fixed set of steps, rendered as data attributes on <html> that the
# stylesheet maps to sizes (the CSP forbids inline style, and steps are easier to choose from).
FONT_SIZES = [(n, f"{n} px") for n in (15, 16, 17, 18, 19, 20, 22, 24, 26)]
LINE_WIDTHS = [(56, "Narrow"), (62, "Snug"), (68, "Medium"), (76, "Roomy"), (84, "Wide")]
LINE_HEIGHTS = [
    (Decimal(v), label)
    for v, label in (
        ("1.40", "Tight"),
        ("1.50", "Compact"),
        ("1.60", "Normal"),
        ("1.75", "Relaxed"),
        ("1.90", "Loose"),
    )
]


class TagNamesField(TextField):
    """Comma-separated tag names, cleaned into a list (the one way tags are typed anywhere)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "list": "tag-names"})
        )
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        names = parse_tag_names(super().clean(value) or "")
        if self.required and not names:
            raise ValidationError(self.error_messages["required"], code="required")
        return names


class TagNamesForm(forms.Form):
    tags = TagNamesField(required=True, error_messages={"required": "Type a tag name."})


class TagNameForm(forms.Form):
    """One tag name (renaming, or the target of a merge): commas would make several tags."""

    name = TextField(max_length=300, error_messages={"required": "Give the tag a name."})

    def clean_name(self) -> str:
        if "," in self.cleaned_data["name"]:
            raise ValidationError("A tag name cannot contain a comma.")
        names = parse_tag_names(self.cleaned_data["name"])
        if not names:
            raise ValidationError("Give the tag a name.")
        return names[0]


class ProgressForm(forms.Form):
    progress = forms.FloatField(min_value=0.0, max_value=1.0)


@dataclass(frozen=True)
class Option:
    """One choice of a field, as its input or <option> shows it."""

    value: str
    label: str
    chosen: bool


class PreferencesForm(forms.ModelForm):
    """The reading settings. Its template writes the inputs itself from `options` (the same
    HTML as Django's widgets): the reader shows this form on every article, and rendering it
    through a template per widget and per choice was a third of the reader's time."""

    font_size = forms.TypedChoiceField(choices=FONT_SIZES, coerce=int, label="Text size")
    line_width = forms.TypedChoiceField(choices=LINE_WIDTHS, coerce=int, label="Line width")
    line_height = forms.TypedChoiceField(choices=LINE_HEIGHTS, coerce=Decimal, label="Line spacing")

    class Meta:
        model = ReadingPreferences
        fields = [
            "font",
            "font_size",
            "line_width",
            "line_height",
            "theme",
            "archive_when_finished",
        ]
        widgets = {"font": forms.RadioSelect, "theme": forms.RadioSelect}
        labels = {"archive_when_finished": "Archive articles when I finish reading them"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Stored values outside the steps (set in the admin) show as the nearest step.
        for name, choices in (
            ("font_size", FONT_SIZES),
            ("line_width", LINE_WIDTHS),
            ("line_height", LINE_HEIGHTS),
        ):
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = nearest_step(choices, value)

    @cached_property
    def options(self) -> dict[str, list[Option]]:
        """Each choice field's choices, the current one chosen (compared as text, as Django's
        widgets do: the value posted, or else the initial one)."""
        options = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                current = str(self[name].value())
                options[name] = [
                    Option(str(v), label, str(v) == current) for v, label in field.choices
                ]
        return options

    def steps(self) -> list[tuple[forms.BoundField, list[Option]]]:
        """The size fields, shown side by side as menus, with their choices."""
        return [
            (self[name], self.options[name]) for name in ("font_size", "line_width", "line_height")
        ]


def nearest_step(choices, value):
    return min((step for step, _ in choices), key=lambda step: abs(step - Decimal(str(value))))


class PastedHTMLField(forms.CharField):
    """Page source as pasted: NUL bytes (which some pages carry) are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class AddArticleForm(forms.Form):
    url = TextField(
        required=False,
        label="Link",
        error_messages={
            "control_characters": "That link contains invisible characters; copy it again."
        },
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["html"].help_text += f" Up to {self.max_megabytes} MB."

    @property
    def max_bytes(self) -> int:
        return settings.FETCH_MAX_BYTES

    @property
    def max_megabytes(self) -> int:
        return settings.FETCH_MAX_BYTES // 2**20

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


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="The file (or ZIP) exactly as the other app gave it to you.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "Recognise it from the file")] + import_formats.CHOICES,
        required=False,
    )
