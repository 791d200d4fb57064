"""Reading settings, kept on the server so they follow the user from device to device."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from articles.forms import PreferencesForm
from articles.models import ReadingPreferences
from articles.views.feedback import go_back


def preferences(request):
    """The settings page (GET) and where every settings form posts, the reader's included."""
    if request.method == "POST":
        prefs, _ = ReadingPreferences.objects.get_or_create(user=request.user)
        form = PreferencesForm(request.POST, instance=prefs)
        if form.is_valid():
            form.save()
            if request.htmx:  # app.js has already applied the change on the page
                return HttpResponse(status=204)
            messages.success(request, "Reading settings saved.")
            return go_back(request, reverse("preferences"))
    else:
        prefs = ReadingPreferences.objects.filter(user=request.user).first()
        form = PreferencesForm(instance=prefs or ReadingPreferences(user=request.user))
    status = 400 if form.errors else 200
    return render(request, "articles/preferences.html", {"form": form}, status=status)
