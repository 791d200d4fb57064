"""`{% url %}` of routes without arguments is reversed once per process
(articles/templatetags/routes.py): the paths stay those Django reverses, wherever the site is."""

from django.template import engines
from django.urls import reverse, set_script_prefix


def test_fixed_routes_are_the_reversed_paths_and_follow_the_script_prefix():
    page = engines["django"].from_string("{% url 'tags' %} {% url name %} {% url 'article' 5 %}")
    expected = f"{reverse('tags')} {reverse('starred')} {reverse('article', args=[5])}"
    assert page.render({"name": "starred"}) == expected == "/tags/ /starred/ /articles/5/"
    set_script_prefix("/reader/")
    try:
        assert (
            page.render({"name": "starred"}) == "/reader/tags/ /reader/starred/ /reader/articles/5/"
        )
    finally:
        set_script_prefix("/")
    assert page.render({"name": "starred"}) == expected


def test_namespaced_and_saved_urls_are_reversed_as_django_does():
    page = engines["django"].from_string(
        "{% url 'admin:index' %} {% url 'tags' as link %}[{{ link }}]"
    )
    assert page.render() == f"{reverse('admin:index')} [{reverse('tags')}]"
