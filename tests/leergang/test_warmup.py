"""The web process warms up before serving: views, catalogues and templates are ready."""

from leergang.warmup import project_template_names, warm_up


def test_warm_up_compiles_the_project_templates_users_see():
    names = project_template_names()
    assert "base.html" in names
    assert not any(name.startswith("wagtailadmin/") for name in names)
    assert warm_up() == len(names)
