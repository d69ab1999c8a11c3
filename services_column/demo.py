"""Demo service items: what the county's departments really handle (低保, 临时救助, 教师资格, 医师执业
注册 …), each with a full guide — legal basis, conditions, materials, steps, time limits, fees, phones,
forms to download (real DOCX, XLSX and PDF files made here), life events — published through the page
revisions like an editor's. Also `build_bulk_items`, a fast builder of many items for the benchmark."""

from __future__ import annotations

import io
import random
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from services_column.models import (
    DiscretionGrade,
    LifeEvent,
    MaterialForm,
    OnlineDepth,
    PowerCategory,
    ServiceColumnPage,
    ServiceForm,
    ServiceItemPage,
    ServiceMaterial,
    ServiceStep,
)
from services_column.models.items import ApplicationField, ApplicationFieldKind
from services_column.provisioning import ensure_service_column
from sitegroup.models import Organisation

PORTAL, EDU, MZ, CZ, WSJ, GAOQIAO = "000014349", "014349001", "014349002", "014349003", "014349004", "014349101"
HOURS = "周一至周五 上午8:30—12:00，下午14:00—17:30（法定节假日除外）"
SUPERVISION_PHONE = "0511-12345"
CATEGORY_NUMBER = {value: number for number, (value, _label) in enumerate(PowerCategory.choices, start=1)}

# Steps most items share: 受理 → 审核 → 决定 → 送达.
STANDARD_STEPS = (
    ("申请", "申请人通过网上申请或到窗口提交申请材料。", "申请人", ""),
    (
        "受理",
        "窗口工作人员核对材料，材料齐全、符合法定形式的当场受理；不齐全的一次性告知需补正的材料。",
        "窗口受理人员",
        "即时",
    ),
    ("审核", "承办科室对申请材料进行审查，必要时进行实地核查。", "承办科室", ""),
    ("决定", "分管负责人审批，作出准予或不予的决定；不予的书面说明理由。", "分管负责人", ""),
    ("送达", "通过窗口领取、邮寄或电子证照方式送达办理结果。", "窗口工作人员", "1个工作日"),
)

ID_CARD = ("居民身份证", MaterialForm.ORIGINAL_AND_COPY, 1, True, "公安部门出具", "验原件，收复印件一份")
HOUSEHOLD = ("居民户口簿", MaterialForm.ORIGINAL_AND_COPY, 1, True, "公安部门出具", "户主页和本人页")
LICENCE = ("营业执照或事业单位法人证书", MaterialForm.COPY, 1, True, "市场监管部门出具", "加盖单位公章")
AGENT = ("委托书及受托人身份证", MaterialForm.ORIGINAL, 1, False, "申请人自备", "委托他人办理时提供")


def item(title, category, events, *, basis, conditions, materials, **extra):
    return {
        "title": title,
        "category": category,
        "events": events,
        "basis": basis,
        "conditions": conditions,
        "materials": materials,
        **extra,
    }


ITEMS = {
    MZ: (
        item(
            "最低生活保障审批",
            PowerCategory.BENEFIT,
            [("person", "社会救助"), ("person", "社会保障")],
            unit="社会救助股",
            summary="对共同生活的家庭成员人均收入低于当地最低生活保障标准、且财产状况符合规定的家庭给予最低生活保障。",
            basis=(
                "<ol><li>《社会救助暂行办法》（国务院令第649号）第九条至第十五条</li>"
                "<li>《江苏省社会救助办法》第十条</li><li>《江苏省最低生活保障工作规程》</li></ol>"
            ),
            conditions=(
                "<ol><li>持有本区户籍，共同生活的家庭成员在本区居住；</li>"
                "<li>家庭成员人均月收入低于本区城乡低保标准（每人每月830元）；</li>"
                "<li>家庭财产状况符合本区规定，无机动车辆（残疾人功能性补偿代步车除外）、无两套以上住房；</li>"
                "<li>如实申报家庭收入和财产，并授权核对家庭经济状况。</li></ol>"
            ),
            materials=[
                (
                    "最低生活保障申请书",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备（可下载样表）",
                    "由户主或其代理人签字",
                    "sample",
                ),
                ID_CARD,
                HOUSEHOLD,
                (
                    "家庭经济状况核对授权书",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备（可下载样表）",
                    "全体家庭成员签字",
                    "sample",
                ),
                (
                    "家庭收入和财产情况申报表",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备",
                    "如实填写工资、经营、财产性收入",
                ),
                (
                    "残疾证或病历、诊断证明",
                    MaterialForm.COPY,
                    1,
                    False,
                    "医疗机构或残联出具",
                    "家庭成员患重病或残疾时提供",
                ),
                AGENT,
            ],
            steps=(
                ("申请", "向户籍所在地镇（街道）社会救助窗口提出书面申请，也可网上申请。", "申请人", ""),
                ("受理", "镇（街道）对材料进行审查，材料齐全的当场受理。", "镇（街道）社会救助窗口", "即时"),
                (
                    "家庭经济状况调查",
                    "入户调查、邻里访问，并通过信息核对平台核对家庭经济状况。",
                    "镇（街道）、村（居）委会",
                    "10个工作日",
                ),
                (
                    "民主评议与公示",
                    "村（居）民代表民主评议，审核意见在村（居）务公开栏公示7天。",
                    "村（居）委会",
                    "7天",
                ),
                ("审批", "区民政局对拟纳入对象全面审查，抽查入户，作出审批决定。", "区民政局社会救助股", "10个工作日"),
                ("发放", "批准的从批准之月起按月社会化发放低保金并长期公示。", "区民政局", ""),
            ),
            statutory=30,
            promised=20,
            note="不含公示时间",
            place="户籍所在地镇（街道）为民服务中心社会救助窗口；区政务服务中心二楼民政窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="最低生活保障金领取证",
            delivery="窗口领取或邮寄",
            forms=[
                ("MZ-DB-01", "最低生活保障申请书", "申请人填写家庭基本情况、申请理由", "docx"),
                ("MZ-DB-02", "家庭经济状况核对授权书", "全体家庭成员签字授权核对", "pdf"),
                ("MZ-DB-03", "家庭收入和财产情况申报表", "逐项申报家庭成员收入和财产", "xlsx"),
            ],
            fields=[
                ("家庭人口数", ApplicationFieldKind.NUMBER, ""),
                ("申请类别", ApplicationFieldKind.CHOICE, "城市低保、农村低保"),
            ],
        ),
        item(
            "临时救助",
            PowerCategory.BENEFIT,
            [("person", "社会救助")],
            unit="社会救助股",
            summary="对遭遇突发事件、意外伤害、重大疾病等导致基本生活暂时出现严重困难的家庭或个人给予应急性、过渡性救助。",
            basis="<ol><li>《社会救助暂行办法》第四十七条至第五十条</li><li>《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）</li></ol>",
            conditions=(
                "<ul><li>因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭；</li>"
                "<li>因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的最低生活保障家庭；</li>"
                "<li>遭遇其他特殊困难的家庭。</li></ul>"
            ),
            materials=[
                ("临时救助申请审批表", MaterialForm.ORIGINAL, 1, True, "申请人自备（可下载样表）", "", "sample"),
                ID_CARD,
                (
                    "困难情况证明材料",
                    MaterialForm.COPY,
                    1,
                    True,
                    "医疗机构、公安、应急等部门出具",
                    "如医疗费用票据、事故认定书",
                ),
                AGENT,
            ],
            steps=STANDARD_STEPS,
            statutory=15,
            promised=10,
            note="情况紧急的先行救助，事后补齐手续",
            place="户籍所在地或居住地镇（街道）为民服务中心社会救助窗口",
            depth=OnlineDepth.APPLICATION,
            visits=1,
            result="临时救助金",
            delivery="打卡发放",
            forms=[("MZ-LS-01", "临时救助申请审批表", "申请人填写困难情况和救助需求", "docx")],
            fields=[
                ("困难类型", ApplicationFieldKind.CHOICE, "急难型、支出型"),
                ("困难情况说明", ApplicationFieldKind.TEXTAREA, ""),
            ],
        ),
        item(
            "特困人员认定",
            PowerCategory.CONFIRMATION,
            [("person", "社会救助"), ("person", "退休养老"), ("person", "残疾人服务")],
            unit="社会救助股",
            summary="对无劳动能力、无生活来源、无法定赡养抚养扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未成年人，依法认定为特困人员并给予供养。",
            basis="<ol><li>《社会救助暂行办法》第十四条至第二十一条</li><li>《特困人员认定办法》（民发〔2021〕43号）</li></ol>",
            conditions="<p>同时具备以下条件：无劳动能力；无生活来源；无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力。</p>",
            materials=[
                ("特困人员供养申请书", MaterialForm.ORIGINAL, 1, True, "申请人自备（可下载样表）", "", "sample"),
                ID_CARD,
                HOUSEHOLD,
                ("残疾证", MaterialForm.COPY, 1, False, "残联出具", "残疾人申请时提供"),
            ],
            steps=STANDARD_STEPS,
            statutory=20,
            promised=15,
            note="不含公示时间",
            place="户籍所在地镇（街道）为民服务中心社会救助窗口",
            depth=OnlineDepth.APPLICATION,
            visits=1,
            result="特困人员救助供养证",
            delivery="窗口领取",
            forms=[("MZ-TK-01", "特困人员供养申请书", "", "docx")],
        ),
        item(
            "内地居民婚姻登记",
            PowerCategory.CONFIRMATION,
            [("person", "婚姻登记")],
            unit="婚姻登记处",
            summary="内地居民结婚、离婚、补领婚姻登记证的登记。",
            basis="<ol><li>《中华人民共和国民法典》第一千零四十九条</li><li>《婚姻登记条例》（国务院令第387号）</li></ol>",
            conditions=(
                "<ol><li>男女双方完全自愿；</li><li>男不得早于二十二周岁，女不得早于二十周岁；</li>"
                "<li>双方均无配偶；</li><li>不属于直系血亲或者三代以内旁系血亲。</li></ol>"
            ),
            materials=[
                ("本人居民身份证", MaterialForm.ORIGINAL, 1, True, "公安部门出具", "双方分别提供"),
                ("本人居民户口簿", MaterialForm.ORIGINAL, 1, True, "公安部门出具", "全国通办的可仅提供身份证"),
                ("近期半身免冠合影照片", MaterialForm.ORIGINAL, 3, True, "申请人自备", "2寸红底双人合影"),
                ("申请结婚登记声明书", MaterialForm.ORIGINAL, 1, True, "登记处提供", "在登记员面前签字", "sample"),
            ],
            steps=(
                ("预约", "通过网上预约登记日期和时段。", "申请人", ""),
                ("审查", "登记员查验证件，询问当事人意愿。", "婚姻登记员", "即时"),
                ("签字", "当事人在登记员面前签署声明书。", "当事人", "即时"),
                ("颁证", "符合条件的当场登记，颁发结婚证。", "婚姻登记员", "即时"),
            ),
            immediate=True,
            place="丹徒区婚姻登记处（区民政局一楼）",
            depth=OnlineDepth.DOWNLOAD,
            visits=1,
            result="结婚证、离婚证",
            delivery="当场颁发",
            forms=[("MZ-HY-01", "申请结婚登记声明书（样表）", "供提前了解填写内容，现场签署", "pdf")],
        ),
        item(
            "对违反《社会团体登记管理条例》行为的行政处罚",
            PowerCategory.PENALTY,
            [("legal_person", "民办非企业"), ("legal_person", "年检年审")],
            unit="社会组织管理股",
            audience="legal_person",
            summary="对社会团体涂改、出租、出借登记证书，不按规定接受年度检查等违法行为的处罚。",
            basis="<p>《社会团体登记管理条例》第三十条：社会团体有下列情形之一的，由登记管理机关给予警告，责令改正，可以限期停止活动，并可以责令撤换直接负责的主管人员；情节严重的，予以撤销登记……</p>",
            conditions="<p>依职权实施：经调查，社会团体存在《社会团体登记管理条例》第三十条所列违法行为。</p>",
            materials=[("陈述申辩材料", MaterialForm.ORIGINAL, 1, False, "当事人自备", "当事人提出陈述申辩时提供")],
            steps=(
                ("立案", "发现违法线索后登记立案。", "执法人员", "7个工作日"),
                ("调查取证", "两名以上执法人员调查取证。", "执法人员", ""),
                ("告知", "送达行政处罚事先告知书，告知陈述、申辩和听证权利。", "承办科室", ""),
                ("决定", "负责人审查或集体讨论后作出处罚决定。", "负责人", ""),
                ("送达执行", "送达处罚决定书并监督执行。", "执法人员", "7日"),
            ),
            statutory=90,
            promised=60,
            note="自立案之日起计算",
            place="丹徒区民政局社会组织管理股（区民政局三楼）",
            depth=OnlineDepth.INFORMATION,
            visits=1,
            result="行政处罚决定书",
            delivery="直接送达或邮寄送达",
            grades=(
                ("轻微", "未按规定接受年度检查，经提醒后在规定期限内改正，未造成危害后果的", "不予处罚，责令改正"),
                (
                    "一般",
                    "不按规定接受年度检查或年检不合格，逾期未改正的；涂改、出租、出借登记证书初次发现的",
                    "警告，责令改正",
                ),
                (
                    "较重",
                    "连续两年不按规定接受年度检查；出租、出借登记证书造成一定社会影响的",
                    "警告，责令改正，限期停止活动1至3个月",
                ),
                ("严重", "连续三年以上不接受年度检查；违法行为造成恶劣社会影响的", "撤销登记"),
            ),
        ),
    ),
    EDU: (
        item(
            "教师资格认定",
            PowerCategory.LICENSING,
            [("person", "教育科研"), ("person", "就业创业")],
            unit="教师工作科",
            summary="幼儿园、小学、初级中学教师资格和中等职业学校实习指导教师资格的认定。",
            basis="<ol><li>《中华人民共和国教师法》第十条至第十三条</li><li>《教师资格条例》（国务院令第188号）</li><li>《〈教师资格条例〉实施办法》</li></ol>",
            conditions=(
                "<ol><li>遵守宪法和法律，热爱教育事业，具有良好的思想品德；</li>"
                "<li>具备《教师法》规定的相应学历；</li><li>中小学和幼儿园教师资格考试合格或免试认定改革的师范毕业生；</li>"
                "<li>普通话水平达到二级乙等以上标准；</li><li>体检合格。</li></ol>"
            ),
            materials=[
                ID_CARD,
                ("学历证书", MaterialForm.ORIGINAL_AND_COPY, 1, True, "毕业院校颁发", "可在线核验的无需提交"),
                ("中小学教师资格考试合格证明", MaterialForm.ELECTRONIC, 1, True, "教育部考试中心", "系统自动核验"),
                ("普通话水平测试等级证书", MaterialForm.ORIGINAL_AND_COPY, 1, True, "语言文字工作部门", ""),
                ("教师资格认定体格检查表", MaterialForm.ORIGINAL, 1, True, "指定医院出具（可下载样表）", "", "sample"),
                ("近期免冠证件照", MaterialForm.ELECTRONIC, 1, True, "申请人自备", "白底，小于200KB"),
            ],
            steps=(
                ("网上报名", "在中国教师资格网填报申请信息。", "申请人", ""),
                ("现场确认", "按公告时间到认定机构确认材料、提交体检表。", "认定机构", "即时"),
                ("审查", "认定机构审查申请材料，必要时组织面试和试讲。", "教师工作科", "20个工作日"),
                ("决定", "作出认定决定，符合条件的颁发教师资格证书。", "区教育局", "10个工作日"),
                ("领证", "到窗口领取或邮寄送达证书。", "窗口", ""),
            ),
            statutory=30,
            promised=20,
            note="在每年春、秋两季集中受理期内受理",
            place="丹徒区政务服务中心三楼教育窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="教师资格证书",
            delivery="邮寄送达",
            forms=[
                ("JY-JS-01", "教师资格认定体格检查表", "到指定医院体检时携带", "pdf"),
                ("JY-JS-02", "教师资格认定申请表", "网上报名后打印签字", "docx"),
            ],
            fields=[
                ("申请资格种类", ApplicationFieldKind.CHOICE, "幼儿园、小学、初级中学"),
                ("任教学科", ApplicationFieldKind.TEXT, ""),
            ],
        ),
        item(
            "民办学校设立审批",
            PowerCategory.LICENSING,
            [("legal_person", "设立变更"), ("legal_person", "民办非企业"), ("legal_person", "准营准办")],
            unit="民办教育科",
            audience="legal_person",
            summary="实施学前教育、学历教育的民办学校（幼儿园）的筹设和正式设立审批。",
            basis="<ol><li>《中华人民共和国民办教育促进法》第十一条至第十七条</li><li>《中华人民共和国民办教育促进法实施条例》</li></ol>",
            conditions="<ol><li>举办者为具有法人资格的社会组织或具有完全民事行为能力的个人；</li><li>有规范的名称、章程、决策机构；</li><li>有与办学规模相适应的校舍、场地、设施设备和资金；</li><li>有合格的校长和教师队伍。</li></ol>",
            materials=[
                ("申办报告", MaterialForm.ORIGINAL, 1, True, "申请人自备", "写明举办者、培养目标、办学规模、办学层次"),
                ("举办者资格证明文件", MaterialForm.COPY, 1, True, "申请人自备", ""),
                (
                    "拟办学校章程、首届决策机构成员名单",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备（可下载样表）",
                    "",
                    "sample",
                ),
                ("资产来源和资金数额的有效证明文件", MaterialForm.ORIGINAL, 1, True, "银行或会计师事务所出具", ""),
                ("校舍、场地产权证明或租赁合同", MaterialForm.COPY, 1, True, "不动产登记机构", "租期不少于5年"),
                LICENCE,
            ],
            steps=STANDARD_STEPS,
            statutory=90,
            promised=60,
            note="不含专家评审、现场核查时间",
            place="丹徒区政务服务中心三楼教育窗口",
            depth=OnlineDepth.APPLICATION,
            visits=1,
            result="民办学校办学许可证",
            delivery="窗口领取",
            forms=[
                ("JY-MB-01", "民办学校设立申请表", "", "docx"),
                ("JY-MB-02", "民办学校章程（示范文本）", "", "docx"),
                ("JY-MB-03", "教职工花名册", "逐人填写学历、资格证书编号", "xlsx"),
            ],
        ),
        item(
            "适龄儿童入学登记",
            PowerCategory.PUBLIC_SERVICE,
            [("person", "教育科研")],
            unit="基础教育科",
            summary="本区户籍和随迁子女适龄儿童小学一年级、初中一年级入学登记。",
            basis="<p>《中华人民共和国义务教育法》第十二条</p>",
            conditions="<p>年满6周岁的适龄儿童；随迁子女须父母一方持有本区居住证。</p>",
            materials=[
                HOUSEHOLD,
                ("不动产权证书或居住证", MaterialForm.ORIGINAL_AND_COPY, 1, True, "不动产登记机构、公安部门", ""),
                ("预防接种证", MaterialForm.ORIGINAL, 1, True, "接种单位出具", ""),
            ],
            steps=STANDARD_STEPS[:3] + (("公布", "公布录取学校，发放入学通知。", "学校", ""),),
            promised=10,
            place="学区内各小学、初中",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="入学通知书",
            delivery="网上查询，学校发放",
            forms=[("JY-RX-01", "入学登记表", "", "xlsx")],
        ),
    ),
    WSJ: (
        item(
            "医师执业注册",
            PowerCategory.LICENSING,
            [("person", "医疗卫生"), ("person", "就业创业")],
            unit="医政科",
            summary="取得医师资格的人员在医疗、预防、保健机构执业的首次注册、变更注册。",
            basis="<ol><li>《中华人民共和国医师法》第十三条至第十七条</li><li>《医师执业注册管理办法》（国家卫生计生委令第13号）</li></ol>",
            conditions="<ol><li>取得医师资格；</li><li>在医疗、预防、保健机构执业；</li><li>身体健康，能胜任医师执业工作；</li><li>无《医师法》第十六条规定不予注册的情形。</li></ol>",
            materials=[
                ("医师执业注册申请审核表", MaterialForm.ORIGINAL, 1, True, "申请人自备（可下载样表）", "", "sample"),
                ID_CARD,
                ("医师资格证书", MaterialForm.ORIGINAL_AND_COPY, 1, True, "卫生健康部门颁发", ""),
                ("近6个月内县级以上医疗机构出具的健康体检证明", MaterialForm.ORIGINAL, 1, True, "医疗机构出具", ""),
                ("拟执业机构的聘用证明", MaterialForm.ORIGINAL, 1, True, "拟执业机构出具", ""),
            ],
            steps=STANDARD_STEPS,
            statutory=20,
            promised=5,
            place="丹徒区政务服务中心二楼卫生健康窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="医师执业证书（电子证照）",
            delivery="电子证照",
            forms=[("WJ-YS-01", "医师执业注册申请审核表", "", "docx")],
            fields=[
                ("执业类别", ApplicationFieldKind.CHOICE, "临床、中医、口腔、公共卫生"),
                ("拟执业机构", ApplicationFieldKind.TEXT, ""),
            ],
        ),
        item(
            "母婴保健技术服务执业许可",
            PowerCategory.LICENSING,
            [("legal_person", "准营准办"), ("legal_person", "医疗卫生"), ("person", "生育收养")],
            unit="妇幼健康科",
            audience="legal_person",
            summary="医疗机构开展婚前医学检查、助产技术、结扎手术、终止妊娠手术等母婴保健技术服务的许可。",
            basis="<ol><li>《中华人民共和国母婴保健法》第三十二条</li><li>《中华人民共和国母婴保健法实施办法》第三十五条</li></ol>",
            conditions="<p>具有《医疗机构执业许可证》；有符合规定的场所、设备和经考核合格的专业技术人员。</p>",
            materials=[
                (
                    "母婴保健技术服务执业许可申请登记书",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备（可下载样表）",
                    "",
                    "sample",
                ),
                ("医疗机构执业许可证副本", MaterialForm.COPY, 1, True, "卫生健康部门颁发", ""),
                ("专业技术人员母婴保健技术考核合格证书", MaterialForm.COPY, 1, True, "卫生健康部门颁发", ""),
                ("设备清单和房屋平面图", MaterialForm.ORIGINAL, 1, True, "申请人自备", ""),
            ],
            steps=STANDARD_STEPS,
            statutory=20,
            promised=15,
            note="不含现场审查时间",
            place="丹徒区政务服务中心二楼卫生健康窗口",
            depth=OnlineDepth.APPLICATION,
            visits=1,
            result="母婴保健技术服务执业许可证",
            delivery="窗口领取",
            charges_fee=False,
            forms=[
                ("WJ-MY-01", "母婴保健技术服务执业许可申请登记书", "", "docx"),
                ("WJ-MY-02", "专业技术人员名册", "", "xlsx"),
            ],
        ),
        item(
            "对医疗机构未按规定执业的行政处罚",
            PowerCategory.PENALTY,
            [("legal_person", "医疗卫生")],
            unit="卫生监督所",
            audience="legal_person",
            summary="对医疗机构使用非卫生技术人员从事医疗卫生技术工作等违法行为的处罚。",
            basis="<p>《医疗机构管理条例》第四十七条：违反本条例第二十七条规定，使用非卫生技术人员从事医疗卫生技术工作的，由县级以上人民政府卫生行政部门责令其限期改正，并可以处以5000元以下的罚款；情节严重的，吊销其《医疗机构执业许可证》。</p>",
            conditions="<p>依职权实施：监督检查或投诉举报发现医疗机构存在违法行为。</p>",
            materials=[("陈述申辩或听证申请材料", MaterialForm.ORIGINAL, 1, False, "当事人自备", "")],
            steps=(
                ("立案", "发现违法线索后立案。", "卫生监督员", "7个工作日"),
                ("调查取证", "现场检查、询问、取证。", "卫生监督员", ""),
                ("告知", "告知拟作出的处罚及陈述、申辩、听证权利。", "卫生监督所", ""),
                ("决定", "作出处罚决定。", "区卫生局", ""),
                ("送达执行", "送达决定书，当事人履行。", "卫生监督员", ""),
            ),
            statutory=90,
            promised=60,
            place="丹徒区卫生监督所",
            depth=OnlineDepth.INFORMATION,
            visits=1,
            result="行政处罚决定书",
            delivery="直接送达",
            grades=(
                ("轻微", "使用1名非卫生技术人员，时间不足1个月，未造成危害后果，主动改正的", "责令限期改正，不予罚款"),
                ("一般", "使用1至2名非卫生技术人员，时间1至3个月的", "责令限期改正，处1000元以上3000元以下罚款"),
                (
                    "严重",
                    "使用3名以上非卫生技术人员，或时间超过3个月，或造成患者人身损害的",
                    "责令限期改正，处3000元以上5000元以下罚款；情节严重的吊销《医疗机构执业许可证》",
                ),
            ),
        ),
    ),
    CZ: (
        item(
            "财政票据领购",
            PowerCategory.PUBLIC_SERVICE,
            [("legal_person", "税收财务")],
            unit="综合科（票据管理）",
            audience="legal_person",
            summary="行政事业单位、社会团体领购非税收入票据、捐赠票据等财政票据。",
            basis="<ol><li>《财政票据管理办法》（财政部令第70号）第十八条至第二十二条</li><li>《江苏省非税收入票据管理办法》</li></ol>",
            conditions="<p>已办理《财政票据领用证》的单位；已按规定核销上次领购票据。</p>",
            materials=[
                ("财政票据领用证", MaterialForm.ORIGINAL, 1, True, "财政部门核发", ""),
                (
                    "财政票据领购申请表",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "单位自备（可下载样表）",
                    "加盖单位公章",
                    "sample",
                ),
                ("上次领购票据使用情况和存根", MaterialForm.ORIGINAL, 1, True, "单位自备", ""),
            ],
            steps=(
                ("申请", "网上提交领购申请，填写票据种类和数量。", "用票单位", ""),
                ("审核", "审核上次票据使用和核销情况。", "票据管理员", "1个工作日"),
                ("发放", "发放纸质票据或开通电子票据额度。", "票据管理员", "即时"),
            ),
            statutory=5,
            promised=1,
            place="丹徒区财政局一楼票据窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="财政票据",
            delivery="窗口领取或电子票据",
            charges_fee=False,
            forms=[("CZ-PJ-01", "财政票据领购申请表", "", "xlsx")],
        ),
        item(
            "财政票据领用证核发",
            PowerCategory.CONFIRMATION,
            [("legal_person", "设立变更"), ("legal_person", "税收财务")],
            unit="综合科（票据管理）",
            audience="legal_person",
            summary="新设立的行政事业单位首次申领财政票据前办理《财政票据领用证》。",
            basis="<p>《财政票据管理办法》第十九条</p>",
            conditions="<p>依法设立、具有收取政府非税收入或接受捐赠资格的单位。</p>",
            materials=[
                LICENCE,
                ("收费或罚没项目批准文件", MaterialForm.COPY, 1, True, "有关部门出具", ""),
                ("财政票据领用证申请表", MaterialForm.ORIGINAL, 1, True, "单位自备", "加盖单位公章"),
            ],
            steps=STANDARD_STEPS,
            statutory=10,
            promised=3,
            place="丹徒区财政局一楼票据窗口",
            depth=OnlineDepth.DOWNLOAD,
            visits=1,
            result="财政票据领用证",
            delivery="窗口领取",
            forms=[("CZ-PJ-02", "财政票据领用证申请表", "", "docx")],
        ),
    ),
    GAOQIAO: (
        item(
            "农村村民住宅建设用地审批",
            PowerCategory.LICENSING,
            [("person", "住房保障")],
            unit="自然资源和规划所",
            summary="农村村民在本集体经济组织宅基地上新建、改建、翻建住宅的用地审批（农村建房）。",
            basis="<ol><li>《中华人民共和国土地管理法》第六十二条</li><li>《江苏省土地管理条例》第五十二条</li></ol>",
            conditions="<ol><li>本集体经济组织成员，一户只能拥有一处宅基地；</li><li>符合国土空间规划和村庄规划；</li><li>原有住房拆除或危房需要翻建的，承诺拆旧建新。</li></ol>",
            materials=[
                (
                    "农村宅基地和建房（规划许可）申请表",
                    MaterialForm.ORIGINAL,
                    1,
                    True,
                    "申请人自备（可下载样表）",
                    "",
                    "sample",
                ),
                ID_CARD,
                HOUSEHOLD,
                ("农村宅基地使用承诺书", MaterialForm.ORIGINAL, 1, True, "申请人自备", ""),
                ("村民小组会议记录", MaterialForm.ORIGINAL, 1, True, "村民小组出具", ""),
            ],
            steps=(
                ("申请", "户主向村民小组提出书面申请。", "申请人", ""),
                ("村级审查", "村民小组讨论并公示，村委会审查。", "村委会", "5个工作日"),
                ("镇级审核", "镇自然资源、农业农村等部门联审，实地踏勘。", "镇联审办", "10个工作日"),
                ("审批", "镇政府审批，核发乡村建设规划许可证。", "高桥镇人民政府", "5个工作日"),
                ("放样验收", "开工前到场放样，竣工后验收。", "镇自然资源和规划所", ""),
            ),
            statutory=20,
            promised=15,
            note="不含公示时间",
            place="高桥镇为民服务中心自然资源窗口",
            depth=OnlineDepth.APPLICATION,
            visits=2,
            result="农村宅基地批准书、乡村建设规划许可证",
            delivery="窗口领取",
            forms=[
                ("GQ-JF-01", "农村宅基地和建房（规划许可）申请表", "", "docx"),
                ("GQ-JF-02", "农村宅基地使用承诺书", "", "pdf"),
            ],
        ),
        item(
            "高龄津贴申领",
            PowerCategory.BENEFIT,
            [("person", "退休养老"), ("person", "社会保障")],
            unit="社会事业服务中心",
            summary="本镇户籍80周岁以上老年人按月领取高龄津贴。",
            basis="<p>《江苏省老年人权益保障条例》第三十六条；丹徒区高龄老人尊老金发放办法</p>",
            conditions="<p>具有本镇户籍、年满80周岁的老年人。</p>",
            materials=[
                ID_CARD,
                HOUSEHOLD,
                ("本人社会保障卡或银行卡", MaterialForm.COPY, 1, True, "银行出具", "用于发放津贴"),
            ],
            steps=(
                ("申请", "本人或家属向村（居）委会或镇窗口申请。", "申请人", ""),
                ("审核", "核对户籍和年龄信息。", "镇社会事业服务中心", "5个工作日"),
                ("发放", "次月起按月打卡发放。", "区民政局", ""),
            ),
            promised=5,
            place="高桥镇为民服务中心社会事业窗口；各村（居）便民服务站",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="高龄津贴",
            delivery="按月打卡发放",
            forms=[("GQ-GL-01", "高龄津贴申请表", "", "xlsx")],
            fields=[("收款银行", ApplicationFieldKind.TEXT, "")],
        ),
    ),
    PORTAL: (
        item(
            "政府信息公开申请受理",
            PowerCategory.PUBLIC_SERVICE,
            [("person", "司法公证"), ("legal_person", "投资审批")],
            unit="区政务公开办",
            audience="both",
            summary="公民、法人或者其他组织向区人民政府申请获取政府信息。",
            basis="<p>《中华人民共和国政府信息公开条例》第二十七条至第三十五条</p>",
            conditions="<p>申请内容为区人民政府制作或获取的政府信息，申请书包含申请人身份信息、所需信息的描述和获取方式。</p>",
            materials=[
                ("政府信息公开申请表", MaterialForm.ORIGINAL, 1, True, "申请人自备（可下载样表）", "", "sample"),
                ID_CARD,
            ],
            steps=(
                ("申请", "网上、信函或当面提交申请。", "申请人", ""),
                ("登记", "登记申请并出具回执。", "政务公开办", "1个工作日"),
                ("办理", "检索信息，征求意见。", "承办单位", ""),
                ("答复", "出具答复书。", "政务公开办", ""),
            ),
            statutory=20,
            promised=15,
            note="需要延长的经负责人同意最长延长20个工作日",
            place="丹徒区政务服务中心一楼综合窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="政府信息公开申请答复书",
            delivery="网上、邮寄或当面",
            forms=[("ZF-GK-01", "政府信息公开申请表", "", "docx")],
        ),
        item(
            "企业投资项目备案",
            PowerCategory.OTHER,
            [("legal_person", "投资审批"), ("legal_person", "设立变更")],
            unit="区政务服务中心投资项目窗口",
            audience="legal_person",
            summary="不涉及国家安全、重大生产力布局等的企业投资项目实行备案管理。",
            basis="<ol><li>《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条</li><li>《江苏省企业投资项目核准和备案管理办法》</li></ol>",
            conditions="<p>依法登记的企业，项目不属于《政府核准的投资项目目录》范围。</p>",
            materials=[LICENCE, ("项目备案信息表", MaterialForm.ELECTRONIC, 1, True, "在线平台填报", "")],
            steps=(
                ("在线填报", "在投资项目在线审批监管平台填报项目信息。", "企业", ""),
                ("备案", "信息齐全的即时备案，生成项目代码。", "投资项目窗口", "即时"),
            ),
            immediate=True,
            place="丹徒区政务服务中心四楼投资项目窗口",
            depth=OnlineDepth.FULLY_ONLINE,
            visits=0,
            result="江苏省投资项目备案证",
            delivery="在线打印",
            charges_fee=False,
            forms=[("ZF-TZ-01", "企业投资项目备案信息表", "", "xlsx")],
        ),
    ),
}

# A fee-charging item, so that the guide's 收费标准和依据 shows its full form.
FEE_ITEM = item(
    "公办幼儿园保育教育费收费公示",
    PowerCategory.PUBLIC_SERVICE,
    [("person", "教育科研"), ("person", "生育收养")],
    unit="财务审计科",
    summary="公办幼儿园保育教育费的收费标准、依据和减免办法。",
    basis="<p>《幼儿园收费管理办法》（发改价格〔2011〕3207号）</p>",
    conditions="<p>在本区公办幼儿园就读的幼儿。</p>",
    materials=[("幼儿入园登记表", MaterialForm.ORIGINAL, 1, True, "幼儿园提供", "")],
    steps=(("登记", "入园时登记。", "幼儿园", ""), ("缴费", "按学期缴纳。", "家长", "")),
    promised=1,
    place="各公办幼儿园",
    depth=OnlineDepth.INFORMATION,
    visits=1,
    result="收费票据",
    delivery="当场开具",
    charges_fee=True,
    fee_standard="省级优质园每生每月600元；市级优质园每生每月500元；合格园每生每月360元。",
    fee_basis="《江苏省公办幼儿园收费管理办法》；镇江市发展和改革委员会、镇江市教育局关于公办幼儿园收费标准的通知",
    forms=[],
)


# -- the files editors would upload --------------------------------------------------------------


def docx_bytes(title: str, lines: list[str]) -> bytes:
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_heading(title, level=1)
    table = document.add_table(rows=len(lines), cols=2)
    table.style = "Table Grid"
    for row, line in zip(table.rows, lines, strict=True):
        row.cells[0].text = line
    document.add_paragraph("申请人（签字）：            日期：    年  月  日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title: str, lines: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报表"
    sheet.append([title])
    sheet.append(["序号", *lines])
    for number in range(1, 6):
        sheet.append([number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A minimal valid one-page PDF in Chinese, with Adobe's standard CJK font STSong-Light (readers
    supply it, so nothing is embedded) and the text as UCS-2 hex strings."""

    def text(value: str, x: int, y: int, size: int) -> str:
        return f"BT /F1 {size} Tf {x} {y} Td <{value.encode('utf-16-be').hex()}> Tj ET"

    commands = [text(title, 72, 770, 18)]
    for number, line in enumerate([*lines, "申请人（签字）：", "日期：    年  月  日"]):
        commands.append(text(f"{line}：" if number < len(lines) else line, 72, 720 - number * 36, 12))
        commands.append(f"72 {712 - number * 36} m 520 {712 - number * 36} l S")
    stream = "\n".join(commands).encode()
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"
    descendant = (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        font,
        descendant,
        descriptor,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_form_document(title: str, extension: str, organisation: Organisation, filename: str):
    lines = ["姓名/单位名称", "证件号码", "联系电话", "联系地址", "申请事项说明"]
    if extension == "docx":
        data = docx_bytes(title, lines)
    elif extension == "xlsx":
        data = xlsx_bytes(title, lines)
    else:
        data = pdf_bytes(title, lines)
    Document = get_document_model()
    document = Document(title=title, collection=organisation.collection or _root_collection())
    document.file.save(f"{filename}.{extension}", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()


# -- building the demo items ----------------------------------------------------------------------


def _events_by_key() -> dict[tuple[str, str], LifeEvent]:
    return {(event.audience, event.name): event for event in LifeEvent.objects.all()}


def add_item(column: ServiceColumnPage, organisation: Organisation, spec: dict, number: int, *, user=None, events=None):
    """One item with its whole guide, published as a revision (as an editor's save and publish)."""
    events = events if events is not None else _events_by_key()
    code = f"{organisation.code}{CATEGORY_NUMBER[spec['category']]:02d}{number:05d}"
    phone = organisation.phone or "0511-85621000"
    page = ServiceItemPage(
        title=spec["title"],
        item_code=code,
        power_category=spec["category"],
        handling_unit=spec.get("unit", ""),
        audience=spec.get("audience", "person"),
        summary=spec.get("summary", ""),
        legal_basis=spec["basis"],
        conditions=spec["conditions"],
        is_immediate=spec.get("immediate", False),
        statutory_days=None if spec.get("immediate") else spec.get("statutory"),
        promised_days=None if spec.get("immediate") else spec.get("promised"),
        time_limit_note=spec.get("note", ""),
        charges_fee=spec.get("charges_fee", False),
        fee_standard=spec.get("fee_standard", ""),
        fee_basis=spec.get("fee_basis", ""),
        place=spec["place"],
        hours=HOURS,
        consultation_phone=phone,
        supervision_phone=SUPERVISION_PHONE,
        visits=spec.get("visits", 1),
        online_depth=spec.get("depth", OnlineDepth.DOWNLOAD),
        result_name=spec.get("result", ""),
        result_delivery=spec.get("delivery", ""),
        organisation=organisation,
    )
    samples = {}
    for form_number, (form_code, name, description, extension) in enumerate(spec.get("forms", ())):
        document = make_form_document(name, extension, organisation, f"{form_code.lower()}")
        samples[name] = document
        page.forms.add(
            ServiceForm(code=form_code, name=name, description=description, document=document, sort_order=form_number)
        )
    for order, material in enumerate(spec["materials"]):
        name, form, copies, required, source, notes, *rest = material
        sample = None
        if rest:
            sample = next((document for title, document in samples.items() if name in title or title in name), None)
        page.materials.add(
            ServiceMaterial(
                name=name,
                form=form,
                copies=copies,
                is_required=required,
                source=source,
                notes=notes,
                sample=sample,
                sort_order=order,
            )
        )
    for order, (name, description, responsible, limit) in enumerate(spec.get("steps", STANDARD_STEPS)):
        page.steps.add(
            ServiceStep(name=name, description=description, responsible=responsible, time_limit=limit, sort_order=order)
        )
    for order, (grade, circumstances, standard) in enumerate(spec.get("grades", ())):
        page.discretion_grades.add(
            DiscretionGrade(grade=grade, circumstances=circumstances, standard=standard, sort_order=order)
        )
    for order, (label, kind, choices) in enumerate(spec.get("fields", ())):
        page.application_fields.add(ApplicationField(label=label, kind=kind, choices=choices, sort_order=order))
    page.life_events = [events[key] for key in spec["events"] if key in events]
    column.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page


@transaction.atomic
def build_demo_items() -> int:
    """The demo organisations' items (skipping those already there); returns how many were made."""
    user = get_user_model().objects.filter(is_superuser=True).first()
    events = _events_by_key()
    made = 0
    for organisation in Organisation.objects.filter(site__isnull=False).order_by("sort_order", "pk"):
        specs = list(ITEMS.get(organisation.code, ()))
        if organisation.code == EDU:
            specs.append(FEE_ITEM)
        if not specs:
            continue
        column = ensure_service_column(organisation, user=user)
        existing = set(ServiceItemPage.objects.child_of(column).values_list("title", flat=True))
        for number, spec in enumerate(specs, start=1):
            if spec["title"] in existing:
                continue
            add_item(column, organisation, spec, number, user=user, events=events)
            made += 1
    return made


# -- many items, fast, for the benchmark -----------------------------------------------------------


def build_bulk_items(count: int, *, organisations=None, batch: int = 500, seed: str = "bench") -> int:
    """`count` live items spread over the organisations' columns, written with bulk inserts.

    Page.add_child costs a dozen queries per page (tree locking, revision, log). Here the tree paths
    are computed from each column's path and current child count (treebeard's materialised path), the
    base Page rows go in with bulk_create, the ServiceItemPage rows with one multi-row insert per batch,
    and the life events with bulk_create of the through model. No revisions: the items are "imported".
    The search index is not written (call search's rebuild for that)."""
    from django.contrib.contenttypes.models import ContentType

    rng = random.Random(seed)  # noqa: S311 - repeatable benchmark data
    organisations = list(organisations or Organisation.objects.filter(site__isnull=False).order_by("pk"))
    columns = [ensure_service_column(organisation) for organisation in organisations]
    events = list(LifeEvent.objects.values_list("pk", flat=True))
    categories = [value for value, _label in PowerCategory.choices]
    depths = [value for value, _label in OnlineDepth.choices]
    content_type = ContentType.objects.get_for_model(ServiceItemPage)
    locale = Locale.get_default()
    now = timezone.now()
    through = ServiceItemPage.life_events.through
    item_fields = list(ServiceItemPage._meta.local_concrete_fields)
    names = ("登记", "审批", "备案", "核准", "认定", "补贴申领", "证明", "变更", "注销", "年检")
    made = 0
    per_column = -(-count // len(columns))
    for column, organisation in zip(columns, organisations, strict=True):
        column.refresh_from_db()
        wanted = min(per_column, count - made)
        start = column.numchild
        for offset in range(0, wanted, batch):
            size = min(batch, wanted - offset)
            pages, items = [], []
            for index in range(start + offset, start + offset + size):
                position = index + 1
                slug = f"item-{organisation.pk}-{position}"
                title = f"{organisation.short_name or organisation.name}{rng.choice(names)}事项{position}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        locale=locale,
                        path=column._get_path(column.path, column.depth + 1, position),
                        depth=column.depth + 1,
                        numchild=0,
                        url_path=f"{column.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        live_revision=None,
                        translation_key=uuid.uuid4(),
                        show_in_menus=False,
                    )
                )
            Page.objects.bulk_create(pages)
            for page in pages:
                if page.pk is None:  # a backend that does not return keys from bulk inserts
                    page.pk = Page.objects.get(path=page.path).pk
                category = rng.choice(categories)
                item = ServiceItemPage(
                    page_ptr_id=page.pk,
                    organisation_id=organisation.pk,
                    item_code=f"B{organisation.pk:04d}{page.pk:09d}",
                    power_category=category,
                    audience=rng.choice(["person", "legal_person", "both"]),
                    summary=f"{page.title}的办事指南。",
                    legal_basis="<p>有关法律法规</p>",
                    conditions="<p>符合法定条件</p>",
                    is_immediate=False,
                    statutory_days=20,
                    promised_days=rng.randint(1, 20),
                    charges_fee=False,
                    place="区政务服务中心",
                    hours=HOURS,
                    consultation_phone="0511-85621000",
                    supervision_phone=SUPERVISION_PHONE,
                    visits=rng.randint(0, 2),
                    online_depth=rng.choice(depths),
                    disclosure_form="政府网站公开",
                )
                items.append(item)
            ServiceItemPage._base_manager._insert(items, fields=item_fields, raw=True)
            through.objects.bulk_create(
                [
                    through(serviceitempage_id=page.pk, lifeevent_id=event)
                    for page in pages
                    for event in rng.sample(events, 2)
                ]
            )
            made += size
        Page.objects.filter(pk=column.pk).update(numchild=start + wanted)
        if made >= count:
            break
    return made
