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
