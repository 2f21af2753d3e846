import { Button, Card, Col, Row, Space, Typography, Steps } from 'antd';
import { FileSearchOutlined, FormOutlined, NotificationOutlined, SafetyOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { usePublicInfo } from '../../lib/publicInfo';

export function Home() {
  const { t } = useI18n();
  const info = usePublicInfo();
  const name = info?.platform_name || t('app.name');
  return (
    <Space direction="vertical" size={24} style={{ width: '100%' }}>
      <Card
        style={{ background: 'linear-gradient(135deg, #e6f4ff 0%, #f0f5ff 60%, #fff 100%)' }}
        styles={{ body: { padding: '40px 32px' } }}
      >
        <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="platform-name">
          {name}
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 16, maxWidth: 720 }}>{t('home.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('home.filing')}: <span data-testid="home-filing">{info?.filing_number || t('home.filingPending')}</span>
        </Typography.Paragraph>
        <Space wrap>
          <Link to="/submit">
            <Button type="primary" size="large" icon={<FormOutlined />}>
              {t('home.submitCta')}
            </Button>
          </Link>
          <Link to="/track">
            <Button size="large" icon={<FileSearchOutlined />}>
              {t('home.trackCta')}
            </Button>
          </Link>
        </Space>
      </Card>
      <Card title={t('home.howTitle')}>
        <Steps
          responsive
          items={[
            { title: t('home.step1'), description: t('home.step1d'), status: 'process' },
            { title: t('home.step2'), description: t('home.step2d'), status: 'process' },
            { title: t('home.step3'), description: t('home.step3d'), status: 'process' },
            { title: t('home.step4'), description: t('home.step4d'), status: 'process' },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card title={<><SafetyOutlined /> {t('home.rulesTitle')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('home.rulesText')}</Typography.Paragraph>
            <Link to="/rules">{t('home.readRules')}</Link>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={<><FileSearchOutlined /> {t('home.trackTitle')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('home.trackText')}</Typography.Paragraph>
            <Link to="/track">{t('home.trackCta')}</Link>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={<><NotificationOutlined /> {t('home.advisoriesTitle')}</>} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('home.advisoriesText')}</Typography.Paragraph>
            <Link to="/advisories">{t('nav.advisories')}</Link>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
