from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitUse(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")  # 住宅
    SHOP = "shop", _("Shop")  # 商铺
    OFFICE = "office", _("Office")  # 办公
    PARKING = "parking", _("Parking space")  # 车位
    STORAGE = "storage", _("Storage")  # 储藏室


class UnitStatus(models.TextChoices):
    UNSOLD = "unsold", _("Unsold")  # 未售: still the developer's
    DELIVERED = "delivered", _("Delivered")  # 已交付: handed over, not moved in
    OCCUPIED = "occupied", _("Occupied")  # 入住
    VACANT = "vacant", _("Vacant")  # 空置: owned, nobody living there
    RENOVATING = "renovating", _("Renovating")  # 装修中
    RENTED = "rented", _("Rented")  # 出租


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")  # 个人
    COMPANY = "company", _("Company")  # 单位


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")  # 居民身份证 (GB 11643)
    PASSPORT = "passport", _("Passport")  # 护照
    CREDIT_CODE = "credit_code", _("Unified social credit code")  # 统一社会信用代码 (GB 32100)
    OTHER = "other", _("Other")


class ResidencyKind(models.TextChoices):
    TENANT = "tenant", _("Tenant")  # 租户: rents the unit
    RESIDENT = "resident", _("Resident")  # 住户: lives there, not the owner or tenant
    FAMILY = "family", _("Family member")  # 家庭成员 of the owner or tenant


class CareKind(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")  # 独居老人
    DISABILITY = "disability", _("Disability")  # 残障
    SPECIAL_NEEDS = "special_needs", _("Special needs")  # 特殊需要 (illness, pregnancy, infants …)
    OTHER = "other", _("Other")


class PersonalDataPurpose(models.TextChoices):
    REVEAL = "reveal", _("Shown in full")  # one party's data shown on screen
    EXPORT = "export", _("Exported in full")  # an Excel export without masking
    API = "api", _("Read in full through the API")


class DocumentType(models.TextChoices):
    ID_COPY = "id_copy", _("ID copy")  # 身份证明复印件
    CONTRACT = "contract", _("Purchase or lease contract")  # 购房 / 租赁合同
    HANDOVER = "handover", _("Handover record")  # 交房 / 交接记录
    RENOVATION = "renovation", _("Renovation file")  # 装修资料
    OTHER = "other", _("Other")


class LoanKind(models.TextChoices):
    CONSULT = "consult", _("Consult")  # 查阅: read at the service center
    LEND = "lend", _("Lend")  # 外借: taken away, due back on a date


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")  # 待审批
    APPROVED = "approved", _("Approved")  # 已批准: being consulted or lent out
    REJECTED = "rejected", _("Rejected")  # 不予批准
    RETURNED = "returned", _("Returned")  # 已归还 / 查阅完毕


class ImportKind(models.TextChoices):
    UNITS = "units", _("Buildings and units")  # 楼栋房屋
    PARTIES = "parties", _("Owners and residents")  # 业主住户


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking")  # the task reads every row
    INVALID = "invalid", _("Has problems")  # at least one bad row; nothing imported
    VALID = "valid", _("Ready to import")  # every row is fine
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")  # the task crashed; the message says why
