"""``{% watermarked_rendition image "width-960" as picture %}``: the rendition with the site's watermark."""

from django import template

from sitegroup.services.watermarks import spec_for

register = template.Library()


@register.simple_tag(takes_context=True)
def watermarked_rendition(context, image, spec):
    return image.get_rendition(spec_for(context.get("request"), image, spec))
