// The monthly statistics as charts (ECharts, loaded only with this view): the loss by responsible
// department, the causes, and each department's late stages.
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactECharts from 'echarts-for-react/esm/core';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

type Statistics = Schemas['MonthlyStatistics'];

export default function MonthlyCharts({ report }: { report: Statistics }) {
  const { t } = useTranslation();
  const loss = {
    tooltip: { trigger: 'axis' },
    grid: { left: 80, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: report.responsibility.map((r) => r.department) },
    yAxis: { type: 'value', name: t('reports.yuan') },
    series: [{ type: 'bar', name: t('reports.loss'), data: report.responsibility.map((r) => Number(r.loss)), itemStyle: { color: '#1f5fbf' } }],
  };
  const causes = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: report.causes.map((c) => ({ name: c.cause, value: c.count })) }],
  };
  const lateness = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: report.timeliness.map((r) => r.department) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', stack: 's', name: t('reports.onTime'), data: report.timeliness.map((r) => r.onTime), itemStyle: { color: '#52c41a' } },
      { type: 'bar', stack: 's', name: t('reports.late'), data: report.timeliness.map((r) => r.late), itemStyle: { color: '#cf1322' } },
    ],
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('reports.lossByDepartment')}>
          <ReactECharts echarts={echarts} option={loss} style={{ height: 280 }} opts={{ renderer: 'svg' }} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('reports.causes')}>
          <ReactECharts echarts={echarts} option={causes} style={{ height: 280 }} opts={{ renderer: 'svg' }} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('reports.timeliness')}>
          <ReactECharts echarts={echarts} option={lateness} style={{ height: 280 }} opts={{ renderer: 'svg' }} />
        </Card>
      </Col>
    </Row>
  );
}
