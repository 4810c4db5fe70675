"""One module per kind of model, each defining `KIND`: everything that kind's rules,
examples and API shape need. `generator.catalog.registry` lists them."""
