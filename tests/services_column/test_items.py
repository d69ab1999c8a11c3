"""An item's public sub-columns (办事指南 and its print version, 表格下载, 网上咨询), the model's
validation messages and the editor's add screen."""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from interaction.models import ChannelKind, Message, MessageChannel
from interaction.provisioning import ensure_interaction
from services_column.models import DiscretionGrade, MaterialForm, OnlineDepth, PowerCategory, ServiceItemPage
from tests.citizen_input import captcha_answer
from tests.services_column.item_builders import ensure_columns, event, make_document, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        columns = ensure_columns(site_group)
        application_form = make_document("最低生活保障申请书", b"PK\x03\x04" + b"0" * 2000, "docx")
        page = make_item(
            columns["b"],
            "最低生活保障审批",
            code="MZ-DB-0001",
            category=PowerCategory.BENEFIT,
            events=[event("社会救助")],
            depth=OnlineDepth.FULLY_ONLINE,
            handling_unit="社会救助股",
            legal_basis="<p>《社会救助暂行办法》第九条</p>",
            conditions="<p>家庭人均收入低于当地低保标准</p>",
            statutory_days=30,
            promised_days=20,
            time_limit_note="不含公示时间",
            place="镇为民服务中心社会救助窗口",
            hours="周一至周五 8:30—17:30",
            consultation_phone="0511-85621202",
            supervision_phone="0511-12345",
            visits=0,
            result_name="最低生活保障金领取证",
            materials=[
                {"name": "居民身份证", "form": MaterialForm.ORIGINAL_AND_COPY, "copies": 1, "source": "公安部门出具"},
                {
                    "name": "低保申请书",
                    "form": MaterialForm.ORIGINAL,
                    "copies": 2,
                    "notes": "户主签字",
                    "sample": application_form,
                },
                {"name": "残疾证", "form": MaterialForm.COPY, "is_required": False},
            ],
            steps=[
                {"name": "受理", "description": "镇窗口受理", "time_limit": "即时"},
                {"name": "入户调查", "responsible": "村（居）委会"},
                {"name": "审批", "time_limit": "10个工作日"},
            ],
            forms=[
                {
                    "code": "MZ-DB-01",
                    "name": "最低生活保障申请书",
                    "description": "填写家庭情况",
                    "document": application_form,
                }
            ],
        )
    return page


def get(client, url, **params):
    """A page by its full URL (items live on their department's host)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path, params, HTTP_HOST=parts.hostname or "localhost")


class TestGuide:
    def test_every_guide_field_in_the_standard_order(self, client, item):
        body = get(client, item.url).content.decode()
        labels = [
            "事项编码",
            "事项名称",
            "事项类型",
            "办理部门",
            "设定依据",
            "受理条件",
            "申请材料",
            "办理流程",
            "法定期限",
            "承诺期限",
            "收费标准和依据",
            "办理地点",
            "办理时间",
            "咨询电话",
            "监督投诉电话",
            "到办事现场次数",
            "网上办理深度",
            "办理结果",
        ]
        guide = body[body.index('id="guide-title"') :]
        positions = [guide.index(label) for label in labels]
        assert positions == sorted(positions)
        for value in (
            "MZ-DB-0001",
            "行政给付",
            "测试县民政局",
            "社会救助股",
            "《社会救助暂行办法》第九条",
            "低于当地低保标准",
            "30个工作日",
            "20个工作日",
            "不含公示时间",
            "不收费",
            "镇为民服务中心社会救助窗口",
            "0511-85621202",
            "0511-12345",
            "0次（零跑动）",
            "四级：全程网办",
            "最低生活保障金领取证",
            "社会救助",
        ):
            assert value in guide, value

    def test_materials_table_with_sample_download(self, client, item):
        body = get(client, item.url).content.decode()
        assert '<th scope="col">材料形式</th>' in body and "原件和复印件" in body
        assert "非必需（视情况提供）" in body and "户主签字" in body
        sample = item.materials.get(name="低保申请书").sample
        assert f'href="{sample.url}"' in body and "下载样表" in body

    def test_process_is_an_ordered_list_flowchart(self, client, item):
        body = get(client, item.url).content.decode()
        chart = body[body.index('<ol class="sg-flow"') : body.index("</ol>", body.index('<ol class="sg-flow"'))]
        assert 'aria-label="办理流程图（共3个环节）"' in chart
        assert chart.index("受理") < chart.index("入户调查") < chart.index("审批")
        assert "办理人员：村（居）委会" in chart and "<img" not in chart

    def test_immediate_item_and_fee(self, client, site_group, item):
        columns = ensure_columns(site_group)
        page = make_item(
            columns["b"],
            "收费即办事项",
            is_immediate=True,
            statutory_days=None,
            promised_days=None,
            charges_fee=True,
            fee_standard="每件10元",
            fee_basis="某某收费文件",
        )
        body = get(client, page.url).content.decode()
        assert "即办（符合条件的当场办结）" in body and "每件10元" in body and "某某收费文件" in body
        assert "不收费" not in body

    def test_discretion_grades_where_the_item_has_them(self, client, site_group, item):
        assert "自由裁量基准" not in get(client, item.url).content.decode()
        columns = ensure_columns(site_group)
        penalty = make_item(columns["b"], "对社会团体违规的处罚", category=PowerCategory.PENALTY)
        DiscretionGrade.objects.create(
            page=penalty, grade="轻微", circumstances="首次且及时改正", standard="不予处罚", sort_order=0
        )
        DiscretionGrade.objects.create(
            page=penalty, grade="严重", circumstances="拒不改正", standard="撤销登记", sort_order=1
        )
        body = get(client, penalty.url).content.decode()
        grades = body[body.index('<h3 id="guide-discretion">自由裁量基准</h3>') :]
        assert grades.index("轻微") < grades.index("严重") and "撤销登记" in grades

    def test_tabs_and_apply_button_follow_the_online_depth(self, client, item, site_group):
        body = get(client, item.url).content.decode()
        assert 'aria-current="page">办事指南</a>' in body and f'href="/zwfw/{item.slug}/apply/"' in body
        columns = ensure_columns(site_group)
        offline = make_item(columns["b"], "只能到窗口办理的事项", depth=OnlineDepth.INFORMATION)
        assert 'class="sg-button" href' not in get(client, offline.url).content.decode()

    def test_an_unpublished_item_is_not_found(self, client, site_group, item):
        columns = ensure_columns(site_group)
        draft = make_item(columns["b"], "草稿事项", publish=False)
        assert client.get(f"/zwfw/{draft.slug}/", HTTP_HOST="b.localhost").status_code == 404


class TestPrint:
    def test_printable_guide_without_navigation(self, client, item):
        response = get(client, f"{item.url}print/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "最低生活保障审批办事指南" in body and "sitegroup/print.js" in body
        assert "data-sg-print>打印</button>" in body
        assert "print.css" in body and 'aria-label="主导航"' not in body and "sg-service__tabs" not in body
        assert "《社会救助暂行办法》第九条" in body and "受理条件" in body


class TestForms:
    def test_forms_table_with_type_and_size(self, client, item):
        body = get(client, f"{item.url}forms/").content.decode()
        for label in ("表格编号", "表格名称", "简要说明"):
            assert f'<th scope="col">{label}</th>' in body
        document = item.forms.get().document
        assert "MZ-DB-01" in body and "填写家庭情况" in body
        assert f'href="{document.url}"' in body and "DOCX文件" in body and "KB" in body
        assert 'aria-current="page">表格下载</a>' in body

    def test_download_serves_the_file(self, client, item):
        document = item.forms.get().document
        response = client.get(document.url)
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content.startswith(b"PK")

    def test_item_without_forms(self, client, site_group, item):
        page = make_item(ensure_columns(site_group)["a"], "无表格事项")
        assert "本事项没有需要下载填写的表格" in get(client, f"{page.url}forms/").content.decode()


class TestConsult:
    @pytest.fixture
    def channels(self, site_group):
        for key in ("portal", "a", "b"):
            ensure_interaction(site_group[key].organisation)

    def test_routes_to_the_items_departments_consultation_channel(self, client, item, channels, site_group):
        body = get(client, f"{item.url}consult/").content.decode()
        channel = MessageChannel.objects.get(organisation=site_group["b"].organisation, kind=ChannelKind.CONSULTATION)
        assert f"/hudong/write/{channel.pk}/?subject=" in body
        response = get(client, f"{item.url}consult/?go=1")
        assert response.status_code == 302 and f"/hudong/write/{channel.pk}/" in response["Location"]
        form = get(client, response["Location"]).content.decode()
        assert 'value="咨询：最低生活保障审批"' in form

    def test_a_sent_consultation_reaches_the_department(self, client, item, channels, site_group):
        channel = MessageChannel.objects.get(organisation=site_group["b"].organisation, kind=ChannelKind.CONSULTATION)
        write = get(client, f"{item.url}consult/?go=1")["Location"]
        form = get(client, write).content.decode()
        response = client.post(
            urlsplit(write).path,
            {
                "title": "咨询：最低生活保障审批",
                "body": "子女在外地打工，收入是否计算在内？",
                "name": "王女士",
                "phone": "13912345678",
                "wants_public": "1",
                "department": "",
                **captcha_answer(form),
            },
            HTTP_HOST="b.localhost",
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        message = Message.objects.get(title="咨询：最低生活保障审批")
        assert message.channel == channel and message.organisation == site_group["b"].organisation

    def test_without_channels_a_clear_message(self, client, item):
        body = get(client, f"{item.url}consult/").content.decode()
        assert "暂未开通网上咨询信箱" in body and "0511-85621202" in body

    def test_published_answers_about_the_item_are_listed(self, client, item, channels, site_group):
        channel = MessageChannel.objects.get(organisation=site_group["b"].organisation, kind=ChannelKind.CONSULTATION)
        Message.objects.create(
            channel=channel,
            organisation=channel.organisation,
            title="咨询：最低生活保障审批",
            body="问",
            name="张",
            phone="13900000000",
            state="published",
            published_title="咨询：最低生活保障审批需要哪些材料",
            published_reply="答",
            published_on="2026-11-02",
            lookup_code="1234567890",
            received_on="2026-10-30",
        )
        body = get(client, f"{item.url}consult/").content.decode()
        assert "咨询：最低生活保障审批需要哪些材料" in body and "/hudong/replies/" in body


class TestValidation:
    def base(self, **extra):
        values = {
            "title": "测试事项",
            "item_code": "X-1",
            "power_category": PowerCategory.LICENSING,
            "legal_basis": "<p>依据</p>",
            "conditions": "<p>条件</p>",
            "promised_days": 5,
            "statutory_days": 20,
            "place": "窗口",
            "hours": "工作日",
            "consultation_phone": "1",
            "supervision_phone": "2",
        }
        values.update(extra)
        return ServiceItemPage(**values)

    @pytest.mark.parametrize(
        ("extra", "field", "message"),
        [
            ({"is_immediate": True}, "is_immediate", "即办件不填写办结时限。"),
            ({"promised_days": None}, "promised_days", "请填写承诺办结时限"),
            ({"promised_days": 30}, "promised_days", "承诺时限不能超过法定时限。"),
            ({"charges_fee": True}, "fee_basis", "收费事项需要写明收费标准和收费依据。"),
        ],
    )
    def test_messages_in_chinese(self, db, extra, field, message):
        with pytest.raises(ValidationError) as raised:
            self.base(**extra).clean()
        assert any(message in text for text in raised.value.message_dict[field])

    def test_item_code_must_be_unique(self, item):
        with pytest.raises(ValidationError) as raised:
            self.base(item_code=" MZ-DB-0001 ").full_clean(exclude=["path", "depth", "slug", "organisation"])
        assert "已被其他事项使用" in " ".join(raised.value.message_dict["item_code"]) or "已存在" in " ".join(
            raised.value.message_dict["item_code"]
        )


def add_form(**extra):
    data = nested_form_data(
        {
            "title": "城乡居民临时救助",
            "slug": "",
            "item_code": "MZ-LS-0001",
            "power_category": PowerCategory.BENEFIT,
            "handling_unit": "社会救助股",
            "audience": "person",
            "summary": "",
            "legal_basis": rich_text("<p>《社会救助暂行办法》第四十七条</p>"),
            "conditions": rich_text("<p>遭遇突发困难的家庭</p>"),
            "statutory_days": "15",
            "promised_days": "10",
            "time_limit_note": "",
            "fee_standard": "",
            "fee_basis": "",
            "place": "区民政局窗口",
            "hours": "工作日",
            "consultation_phone": "0511-85621202",
            "supervision_phone": "0511-12345",
            "visits": "1",
            "online_depth": OnlineDepth.APPLICATION,
            "result_name": "",
            "result_delivery": "",
            "materials": inline_formset(
                [
                    {
                        "name": "身份证",
                        "form": MaterialForm.COPY,
                        "copies": "1",
                        "is_required": "on",
                        "source": "",
                        "notes": "",
                        "sample": "",
                    }
                ]
            ),
            "steps": inline_formset([{"name": "受理", "responsible": "", "time_limit": "", "description": ""}]),
            "forms": inline_formset([]),
            "discretion_grades": inline_formset([]),
            "application_fields": inline_formset([]),
        }
    )
    data.update(extra)
    return data


class TestEditor:
    def test_add_screen_is_in_chinese(self, client, item, site_group):
        column = ensure_columns(site_group)["b"]
        client.force_login(site_group["users"]["b_editor"])
        body = client.get(f"/admin/pages/add/services_column/serviceitempage/{column.pk}/").content.decode()
        for heading in ("基本信息", "办理时限", "收费", "办理地点和方式", "申请材料", "表格下载", "自由裁量基准"):
            assert heading in body
        assert "全县唯一的事项编码" in body and "当场办结的事项" in body

    def test_an_editor_saves_a_new_item_on_the_first_try(self, client, item, site_group):
        column = ensure_columns(site_group)["b"]
        client.force_login(site_group["users"]["b_editor"])
        response = client.post(f"/admin/pages/add/services_column/serviceitempage/{column.pk}/", add_form())
        assert response.status_code == 302, response.content.decode()[-3000:]
        page = ServiceItemPage.objects.get(item_code="MZ-LS-0001")
        assert page.organisation == site_group["b"].organisation and page.get_parent().pk == column.pk
        assert not page.live and page.materials.get().name == "身份证"

    def test_a_used_item_code_is_refused_in_chinese(self, client, item, site_group):
        column = ensure_columns(site_group)["b"]
        client.force_login(site_group["users"]["b_editor"])
        response = client.post(
            f"/admin/pages/add/services_column/serviceitempage/{column.pk}/", add_form(item_code="MZ-DB-0001")
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "事项编码" in body and ("已被其他事项使用" in body or "已存在" in body)
        assert ServiceItemPage.objects.filter(item_code="MZ-DB-0001").count() == 1


class TestBadInput:
    @pytest.mark.parametrize("suffix", ["", "print/", "forms/", "consult/"])
    def test_post_is_refused_in_chinese(self, client, item, suffix):
        response = client.post(f"/zwfw/{item.slug}/{suffix}", HTTP_HOST="b.localhost")
        assert response.status_code == 405 and "不支持这种请求方式" in response.content.decode()

    @pytest.mark.parametrize("suffix", ["nonsense/", "forms/9999/", "print/%00/"])
    def test_unknown_sub_pages_are_404(self, client, item, suffix):
        assert client.get(f"/zwfw/{item.slug}/{suffix}", HTTP_HOST="b.localhost").status_code == 404

    def test_odd_query_strings_are_ignored(self, client, item):
        response = client.get(f"/zwfw/{item.slug}/consult/", {"go": "x" * 500}, HTTP_HOST="b.localhost")
        assert response.status_code == 200
