# Arena: see docs/OPERATIONS.md.
.PHONY: run test prod lint vendor messages bootstrap services

PY := .venv/bin/python

run: ## embedded default: SQLite + in-memory layer, demo data, http://127.0.0.1:8000/
	bash scripts/run.sh

test: ## everything CI runs: lint, checks, both pytest passes
	bash scripts/test.sh

prod: ## production run: needs DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY
	bash scripts/prod.sh

bootstrap:
	bash scripts/bootstrap.sh

services: ## make sure PostgreSQL + Redis are up on 127.0.0.1
	bash scripts/services.sh

lint: bootstrap ## ruff, the import contract, djLint (make test also runs django-upgrade)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/djlint templates --lint --profile=django

vendor: ## refresh static/vendor/ (and the test axe-core) from npm
	bash scripts/vendor-static.sh

messages: bootstrap ## update the .po files
	$(PY) manage.py makemessages -l nb -l nn -l en \
		--ignore=.venv --ignore=static/vendor --ignore=node_modules
