"""Admin wiring of the service column."""

from wagtail import hooks


@hooks.register("sitegroup_home_subpage_types")
def service_column_page():
    return ["services_column.ServiceColumnPage"]
