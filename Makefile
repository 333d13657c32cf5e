# The two commands: `make run` serves the app with demo data; `make test` runs every check.
.PHONY: run test setup lint messages bench

run: setup
	scripts/run.sh

test:
	scripts/test.sh

# Load benchmark and long fuzzing run (figures in BENCHMARKS.md); never part of `make test`.
bench:
	scripts/bench.sh

setup:
	scripts/setup.sh

lint: setup
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

# Extract our strings into locale/lo/LC_MESSAGES/django.po (then translate them there).
messages: setup
	.venv/bin/python manage.py makemessages -l lo --no-obsolete --no-location \
	  --ignore='.venv/*' --ignore='staticfiles/*' --ignore='bench/*' --ignore='locale_django_lo/*'
	# msgmerge guesses "fuzzy" translations from similar strings: empty them, so that a guess is
	# never shown and the translation test lists the string.
	msgattrib --clear-fuzzy --empty -o locale/lo/LC_MESSAGES/django.po locale/lo/LC_MESSAGES/django.po
