"""Meters, readings and meter charges (抄表); billing cycles and meter kinds of charge items.

Readings and meter charges are append-only in the database (`triggers.immutable`). The water and
electricity items a project already has charge the water and electricity meters.
"""

import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from propdesk.core.triggers import immutable


def meter_kinds_of_existing_items(apps, schema_editor):
    ChargeItem = apps.get_model("billing", "ChargeItem")
    for code in ("water", "electricity", "gas"):
        ChargeItem.objects.filter(kind="metered", code=code, meter_kind="").update(meter_kind=code)


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0023_help_text_english'),
        ('core', '0005_user_wecom_userid'),
        ('registry', '0006_natural_sort_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='chargeitem',
            name='billing_cycle',
            field=models.CharField(choices=[('monthly', 'Monthly'), ('quarterly', 'Quarterly'), ('yearly', 'Yearly')], default='monthly', help_text='Monthly, quarterly or yearly. Area and fixed items are billed in the first month of their quarter or year, metered items in the last (from the readings up to its end).', max_length=20, verbose_name='billing cycle'),
        ),
        migrations.AddField(
            model_name='chargeitem',
            name='meter_kind',
            field=models.CharField(blank=True, choices=[('electricity', 'Electricity meter'), ('water', 'Water meter'), ('gas', 'Gas meter'), ('hot_water', 'Hot water meter'), ('heat', 'Heat meter')], help_text='Metered items only: the meters whose readings this item charges.', max_length=20, verbose_name='meter kind'),
        ),
        migrations.AddField(
            model_name='historicalchargeitem',
            name='billing_cycle',
            field=models.CharField(choices=[('monthly', 'Monthly'), ('quarterly', 'Quarterly'), ('yearly', 'Yearly')], default='monthly', help_text='Monthly, quarterly or yearly. Area and fixed items are billed in the first month of their quarter or year, metered items in the last (from the readings up to its end).', max_length=20, verbose_name='billing cycle'),
        ),
        migrations.AddField(
            model_name='historicalchargeitem',
            name='meter_kind',
            field=models.CharField(blank=True, choices=[('electricity', 'Electricity meter'), ('water', 'Water meter'), ('gas', 'Gas meter'), ('hot_water', 'Hot water meter'), ('heat', 'Heat meter')], help_text='Metered items only: the meters whose readings this item charges.', max_length=20, verbose_name='meter kind'),
        ),
        migrations.AlterField(
            model_name='bill',
            name='period',
            field=models.DateField(help_text='The first day of the billed month, quarter or year.', verbose_name='period'),
        ),
        migrations.AlterField(
            model_name='historicalbill',
            name='period',
            field=models.DateField(help_text='The first day of the billed month, quarter or year.', verbose_name='period'),
        ),
        migrations.CreateModel(
            name='Meter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('electricity', 'Electricity meter'), ('water', 'Water meter'), ('gas', 'Gas meter'), ('hot_water', 'Hot water meter'), ('heat', 'Heat meter')], max_length=20, verbose_name='meter kind')),
                ('number', models.CharField(max_length=40, verbose_name='meter number')),
                ('multiplier', models.DecimalField(decimal_places=2, default=Decimal('1'), help_text='Consumption = reading difference × multiplier (for meters with a current transformer).', max_digits=10, verbose_name='multiplier')),
                ('installed_on', models.DateField(verbose_name='installed on')),
                ('removed_on', models.DateField(blank=True, null=True, verbose_name='taken out on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.project', verbose_name='project')),
                ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='billing.meter', verbose_name='replaces meter')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'meter',
                'verbose_name_plural': 'meters',
                'ordering': ['project_id', 'unit_id', 'kind', 'installed_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalMeter',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('electricity', 'Electricity meter'), ('water', 'Water meter'), ('gas', 'Gas meter'), ('hot_water', 'Hot water meter'), ('heat', 'Heat meter')], max_length=20, verbose_name='meter kind')),
                ('number', models.CharField(max_length=40, verbose_name='meter number')),
                ('multiplier', models.DecimalField(decimal_places=2, default=Decimal('1'), help_text='Consumption = reading difference × multiplier (for meters with a current transformer).', max_digits=10, verbose_name='multiplier')),
                ('installed_on', models.DateField(verbose_name='installed on')),
                ('removed_on', models.DateField(blank=True, null=True, verbose_name='taken out on')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.project', verbose_name='project')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.unit', verbose_name='unit')),
                ('replaces', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='billing.meter', verbose_name='replaces meter')),
            ],
            options={
                'verbose_name': 'historical meter',
                'verbose_name_plural': 'historical meters',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='MeterReading',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reading', 'Reading'), ('start', 'Start reading'), ('final', 'Final reading'), ('void', 'Voided')], default='reading', max_length=20, verbose_name='kind')),
                ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='reading')),
                ('read_on', models.DateField(verbose_name='read on')),
                ('source', models.CharField(choices=[('page', 'Reading entry page'), ('excel', 'Excel import'), ('api', 'API')], max_length=20, verbose_name='entered through')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='entered')),
                ('meter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='readings', to='billing.meter', verbose_name='meter')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.project', verbose_name='project')),
                ('reader', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='billing.meterreading', verbose_name='corrects')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'meter reading',
                'verbose_name_plural': 'meter readings',
                'ordering': ['project_id', 'meter_id', 'read_on', 'id'],
                'permissions': [('correct_meterreading', 'Correct or void meter readings')],
            },
        ),
        migrations.CreateModel(
            name='MeterCharge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('previous_value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='previous reading')),
                ('current_value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='current reading')),
                ('multiplier', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='multiplier')),
                ('consumption', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='consumption')),
                ('bill', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='meter_charge', to='billing.bill', verbose_name='bill')),
                ('meter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='charges', to='billing.meter', verbose_name='meter')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.project', verbose_name='project')),
                ('current', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='billing.meterreading', verbose_name='current reading')),
                ('previous', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='billing.meterreading', verbose_name='previous reading')),
            ],
            options={
                'verbose_name': 'meter charge',
                'verbose_name_plural': 'meter charges',
            },
        ),
        migrations.AddIndex(
            model_name='meter',
            index=models.Index(fields=['project', 'unit', 'kind'], name='meter_unit_kind'),
        ),
        migrations.AddConstraint(
            model_name='meter',
            constraint=models.UniqueConstraint(condition=models.Q(('removed_on__isnull', True)), fields=('project', 'kind', 'number'), name='meter_number_unique_in_place'),
        ),
        migrations.AddConstraint(
            model_name='meter',
            constraint=models.CheckConstraint(condition=models.Q(('multiplier__gt', 0)), name='meter_multiplier_positive'),
        ),
        migrations.AddIndex(
            model_name='meterreading',
            index=models.Index(fields=['meter', 'read_on'], name='reading_meter_day'),
        ),
        migrations.AddConstraint(
            model_name='meterreading',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'void'), models.Q(('value__gte', 0), ('value__isnull', False)), _connector='OR'), name='reading_value_present'),
        ),
        migrations.AddIndex(
            model_name='metercharge',
            index=models.Index(fields=['meter', 'id'], name='metercharge_meter_latest'),
        ),
        migrations.RunPython(meter_kinds_of_existing_items, migrations.RunPython.noop),
        immutable(["billing_meterreading", "billing_metercharge"]),
    ]
