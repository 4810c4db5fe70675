"""Shared builders of the tests: catalogs, sites, command runs, the link checker, the
security scanner and hostile catalogs, the stub gateway. Test modules import from here,
never from one another; conftest.py holds only fixtures and hooks."""
