import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
application = get_wsgi_application()

from newsreader.warm import prepare_web_process  # noqa: E402  (needs the apps loaded just above)

prepare_web_process()
