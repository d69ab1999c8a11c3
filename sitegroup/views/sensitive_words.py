"""Admin tools for the word list: try a text against it, and import many words at once."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from sitegroup.models import SensitiveWord, SensitiveWordLevel
from sitegroup.services.sensitive_words import import_words, scan_text

MAX_CHECK_LENGTH = 50_000
MAX_IMPORT_LENGTH = 500_000


class CheckForm(forms.Form):
    text = forms.CharField(label="待检测文本", widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_CHECK_LENGTH)


class ImportForm(forms.Form):
    words = forms.CharField(
        label="敏感词（每行一个）", widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX_IMPORT_LENGTH
    )
    level = forms.TypedChoiceField(label="处理级别", choices=SensitiveWordLevel.choices, coerce=int)
    category = forms.CharField(label="分类", max_length=30, required=False)


def tools(request):
    if not request.user.has_perm("sitegroup.add_sensitiveword"):
        raise PermissionDenied
    check_form = CheckForm(prefix="check")
    import_form = ImportForm(prefix="import", initial={"level": SensitiveWordLevel.REVIEW})
    result = None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "check":
        check_form = CheckForm(request.POST, prefix="check")
        if check_form.is_valid():
            result = scan_text(check_form.cleaned_data["text"])
        else:
            status = 400
    elif request.method == "POST":
        import_form = ImportForm(request.POST, prefix="import")
        if import_form.is_valid():
            count = import_words(
                import_form.cleaned_data["words"],
                level=import_form.cleaned_data["level"],
                category=import_form.cleaned_data["category"],
                user=request.user,
            )
            messages.success(request, f"已导入 {count} 个敏感词（已有的词更新为所选级别）。")
            return redirect("sitegroup_sensitive_word_tools")
        status = 400
    context = {
        "check_form": check_form,
        "import_form": import_form,
        "result": result,
        "word_count": SensitiveWord.objects.filter(is_active=True).count(),
    }
    return render(request, "sitegroup/admin/sensitive_word_tools.html", context, status=status)
