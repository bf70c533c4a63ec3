#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rimpel.settings")
    # manage.py is the developer's tool: migrations and checks work without configuration.
    # The server (rimpel/wsgi.py) gets no such default and refuses to start without a real key.
    os.environ.setdefault("RIMPEL_SECRET_KEY", "manage-py-development-key-not-for-serving")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
