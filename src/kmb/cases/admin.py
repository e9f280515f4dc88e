from django.contrib import admin

from kmb.cases.models import HousingSituation, MaterialAidKind, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(HousingSituation)
class HousingSituationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "ethos_category", "order", "active"]
    list_filter = ["ethos_category"]
    list_editable = ["order", "active"]


@admin.register(MaterialAidKind)
class MaterialAidKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active"]
    list_editable = ["order", "active"]
