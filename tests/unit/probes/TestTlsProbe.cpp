// SPDX-License-Identifier: GPL-3.0-or-later
#include "LocalHttpsServer.h"
#include "PlainRedirectServer.h"
#include "TestSupport.h"
#include "config/ConfigLoader.h"
#include "HostileHttpServer.h"
#include "probes/ProbeEngine.h"
#include "probes/StandardProbeFactory.h"
#include "probes/TlsEvaluation.h"
#include "probes/TlsProbe.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/** The tls probe against real HTTPS and HTTP servers on 127.0.0.1, and its pure evaluation. */
class TestTlsProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void outcomes_data();
    void outcomes();
    void everyCertificateOfTheChainIsReported();
    void placeholdersServeCustomConditions();
    void oldProtocolOnlyFails();
    void plainHttpUrlFailsWithoutConnecting();
    void missingCaFileIsAnError();
    void refusedConnectionFails();
    void silentServerTimesOut();
    void cancelFinishesAtOnce();
    void endlessPlainHttpBodyIsCut();
    void configAcceptsHttpUrlAndCaFile();
    void hstsMaxAge_data();
    void hstsMaxAge();
    void redirectsToHttps_data();
    void redirectsToHttps();
    void daysLeftRoundsDown_data();
    void daysLeftRoundsDown();
    void parsesResponseHead();
    void evaluateDecides_data();
    void evaluateDecides();

private:
    ProbeResult run(const QVariantMap &params, const QStringList &conditions = {});
    bool startHttps(LocalHttpsServer &server, const QString &identity, const QByteArray &hsts, bool sendCa = false);
    QVariantMap params(const LocalHttpsServer &server, const PlainRedirectServer &http) const;
    static QString describe(const ProbeResult &r);

    QNetworkAccessManager m_nam;
    QTemporaryDir m_tmp;
    QString m_shortLivedError; ///< why the 5-day certificate could not be made, if it could not
};

namespace {
QString tlsData(const QString &name)
{
    return TestSupport::dataPath(u"tls/"_s + name);
}

QList<QSslCertificate> certificatesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QSslCertificate::fromData(file.readAll(), QSsl::Pem);
}

QSslKey keyOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QSslKey(file.readAll(), QSsl::Ec, QSsl::Pem);
}

/** Runs openssl with args in dir; empty on success, else what went wrong. */
QString runOpenssl(const QStringList &args, const QString &dir)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(u"openssl"_s, args);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return u"openssl %1: %2"_s.arg(args.join(u' '), QString::fromLocal8Bit(process.readAllStandardError()));
    return {};
}
} // namespace

void TestTlsProbe::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(tlsData(u"test-ca.pem"_s)), "tests/data/tls is missing; see its README");
    // The certificate that expires in 5 days must be made now, signed by the committed test CA.
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty()) {
        m_shortLivedError = u"no openssl binary on PATH"_s;
        return;
    }
    const QString dir = m_tmp.path();
    QFile ext(dir + u"/leaf.ext"_s);
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
    ext.close();
    for (const QStringList &args : {
             QStringList {u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-out"_s,
                          u"short.key"_s},
             QStringList {u"req"_s, u"-new"_s, u"-key"_s, u"short.key"_s, u"-subj"_s, u"/CN=short.localhost"_s, u"-out"_s,
                          u"short.csr"_s},
             QStringList {u"x509"_s, u"-req"_s, u"-in"_s, u"short.csr"_s, u"-CA"_s, tlsData(u"test-ca.pem"_s), u"-CAkey"_s,
                          tlsData(u"test-ca.key"_s), u"-set_serial"_s, u"0x2001"_s, u"-sha256"_s, u"-days"_s, u"5"_s,
                          u"-extfile"_s, u"leaf.ext"_s, u"-out"_s, u"short.pem"_s},
         }) {
        m_shortLivedError = runOpenssl(args, dir);
        if (!m_shortLivedError.isEmpty())
            return;
    }
}

QString TestTlsProbe::describe(const ProbeResult &r)
{
    return StatusText::toString(r.status) + u": "_s + r.summary;
}

bool TestTlsProbe::startHttps(LocalHttpsServer &server, const QString &identity, const QByteArray &hsts, bool sendCa)
{
    const bool generated = identity == u"short"_s;
    const QString base = generated ? m_tmp.path() + u"/short"_s : tlsData(u"test-"_s + identity);
    QList<QSslCertificate> chain = certificatesOf(base + u".pem"_s);
    if (sendCa)
        chain += certificatesOf(tlsData(u"test-ca.pem"_s));
    if (!server.setIdentity(chain, keyOf(base + u".key"_s)))
        return false;
    server.setHsts(hsts);
    return server.start();
}

QVariantMap TestTlsProbe::params(const LocalHttpsServer &server, const PlainRedirectServer &http) const
{
    return {{u"url"_s, server.url().toString()},
            {u"http_url"_s, http.url().toString()},
            // Relative to the project folder, which the tests set to tests/data/tls.
            {u"ca_file"_s, u"test-ca.pem"_s},
            {u"timeout"_s, 5000}};
}

ProbeResult TestTlsProbe::run(const QVariantMap &params, const QStringList &conditions)
{
    ProbeContext context;
    context.projectDir = TestSupport::dataPath(u"tls"_s);
    StandardProbeFactory factory(&m_nam, context);
    ProbeEngine engine(&factory);
    ProbeRequest request;
    request.itemId = u"infra.https"_s;
    request.spec.kind = u"tls"_s;
    request.spec.params = params;
    request.conditions = conditions;
    request.deadlineMs = 20000;
    QSignalSpy spy(&engine, &ProbeEngine::resultReady);
    engine.enqueue({request});
    if (spy.isEmpty() && !spy.wait(25000))
        return ProbeResult::error(request.itemId, u"test: no result"_s);
    return spy.first().first().value<ProbeResult>();
}

void TestTlsProbe::outcomes_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QByteArray>("hsts");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("httpLocation"); ///< {https} is the HTTPS server's origin
    QTest::addColumn<int>("minDays");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryContains");

    const QByteArray hsts = "max-age=63072000; includeSubDomains";
    const QString toHttps = u"{https}/"_s;
    QTest::newRow("valid chain, HSTS, 301") << u"leaf-localhost"_s << hsts << 301 << toHttps << 14 << Status::Pass
                                            << u"includeSubDomains, http:// redirects to https://"_s;
    QTest::newRow("valid, 308") << u"leaf-localhost"_s << hsts << 308 << toHttps << 14 << Status::Pass << u"TLS 1."_s;
    QTest::newRow("self-signed") << u"self-signed"_s << hsts << 301 << toHttps << 14 << Status::Fail
                                 << u"certificate chain not valid: SelfSignedCertificate"_s;
    QTest::newRow("expired") << u"leaf-expired"_s << hsts << 301 << toHttps << 14 << Status::Fail
                             << u"certificate expired.localhost expired on 2021-01-01"_s;
    QTest::newRow("5 days, min 14") << u"short"_s << hsts << 301 << toHttps << 14 << Status::Fail
                                    << u"certificate short.localhost expires in 4 days (minimum 14)"_s;
    QTest::newRow("5 days, min 3") << u"short"_s << hsts << 301 << toHttps << 3 << Status::Pass
                                   << u"earliest expiry in 4 days (short.localhost)"_s;
    QTest::newRow("wrong hostname") << u"leaf-other-host"_s << hsts << 301 << toHttps << 14 << Status::Fail
                                    << u"not valid for host 127.0.0.1 (HostNameMismatch)"_s;
    QTest::newRow("no HSTS") << u"leaf-localhost"_s << QByteArray() << 301 << toHttps << 14 << Status::Fail
                             << u"no Strict-Transport-Security header"_s;
    QTest::newRow("HSTS max-age=0") << u"leaf-localhost"_s << QByteArray("max-age=0") << 301 << toHttps << 14
                                    << Status::Fail << u"without a positive max-age"_s;
    QTest::newRow("HSTS short max-age warns") << u"leaf-localhost"_s << QByteArray("max-age=600") << 301 << toHttps << 14
                                              << Status::Warn << u"below one year"_s;
    QTest::newRow("temporary redirect warns") << u"leaf-localhost"_s << hsts << 302 << toHttps << 14 << Status::Warn
                                              << u"temporary (302)"_s;
    QTest::newRow("http answers 200") << u"leaf-localhost"_s << hsts << 200 << QString() << 14 << Status::Fail
                                      << u"answers 200 instead of redirecting to https://"_s;
    QTest::newRow("http redirects to http") << u"leaf-localhost"_s << hsts << 301 << u"http://127.0.0.1/"_s << 14
                                            << Status::Fail << u"not to https:// on the same host"_s;
    QTest::newRow("http redirects to another host") << u"leaf-localhost"_s << hsts << 301
                                                    << u"https://elsewhere.invalid/"_s << 14 << Status::Fail
                                                    << u"not to https:// on the same host"_s;
}

void TestTlsProbe::outcomes()
{
    QFETCH(QString, identity);
    QFETCH(QByteArray, hsts);
    QFETCH(int, httpStatus);
    QFETCH(QString, httpLocation);
    QFETCH(int, minDays);
    QFETCH(Status, expected);
    QFETCH(QString, summaryContains);
    if (identity == u"short"_s && !m_shortLivedError.isEmpty())
        QSKIP(qPrintable(u"the 5-day certificate could not be made: "_s + m_shortLivedError));

    LocalHttpsServer https;
    QVERIFY(startHttps(https, identity, hsts));
    PlainRedirectServer http;
    QString origin = https.url().toString();
    origin.chop(1);
    http.setAnswer(httpStatus, httpLocation.replace(u"{https}"_s, origin).toUtf8());
    QVERIFY(http.start());
    QVariantMap p = params(https, http);
    p.insert(u"min_days"_s, minDays);
    const ProbeResult r = run(p);
    QVERIFY2(r.status == expected, qPrintable(describe(r)));
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.itemId, u"infra.https"_s);
    QCOMPARE(r.evidence.value(u"host"_s).toString(), u"127.0.0.1"_s);
    QVERIFY(r.evidence.value(u"protocol"_s).toString().startsWith(u"TLS 1."_s));
    QCOMPARE(r.conditions.size(), 7);
    if (expected != Status::Fail) {
        QVERIFY(r.evidence.value(u"sslErrors"_s).toArray().isEmpty());
        QCOMPARE(r.evidence.value(u"hsts"_s).toString(), QString::fromLatin1(hsts));
    }
}

void TestTlsProbe::everyCertificateOfTheChainIsReported()
{
    LocalHttpsServer https;
    QVERIFY(startHttps(https, u"leaf-localhost"_s, "max-age=31536000", true));
    PlainRedirectServer http;
    http.setAnswer(301, https.url().toString().toUtf8());
    QVERIFY(http.start());
    const ProbeResult r = run(params(https, http));
    QVERIFY2(r.status == Status::Pass, qPrintable(describe(r)));
    const QJsonArray certificates = r.evidence.value(u"certificates"_s).toArray();
    QCOMPARE(certificates.size(), 2);
    QCOMPARE(certificates.at(0).toObject().value(u"subject"_s).toString(), u"localhost"_s);
    QCOMPARE(certificates.at(0).toObject().value(u"issuer"_s).toString(), u"Liftoff Test CA"_s);
    QCOMPARE(certificates.at(1).toObject().value(u"subject"_s).toString(), u"Liftoff Test CA"_s);
    QVERIFY(certificates.at(0).toObject().value(u"daysLeft"_s).toInt() > 3650);
    QVERIFY(certificates.at(0).toObject().contains(u"notAfter"_s));
    QVERIFY(r.evidence.contains(u"minChainCertificate"_s));
    QCOMPARE(r.evidence.value(u"httpStatus"_s).toInt(), 301);
    QCOMPARE(r.evidence.value(u"httpLocation"_s).toString(), https.url().toString());
    QCOMPARE(r.evidence.value(u"hstsMaxAge"_s).toInteger(), 31536000);
    QCOMPARE(r.evidence.value(u"hstsIncludeSubDomains"_s).toBool(), false);
}

void TestTlsProbe::placeholdersServeCustomConditions()
{
    LocalHttpsServer https;
    QVERIFY(startHttps(https, u"self-signed"_s, {}));
    PlainRedirectServer http;
    http.setAnswer(200, {});
    QVERIFY(http.start());
    // Loosened on purpose: a user may accept a private chain and care only about these.
    const ProbeResult r = run(params(https, http),
                              {u"[CONNECTED] == true"_s, u"[TLS_VERSION] >= 1.2"_s, u"[HOSTNAME_VALID] == true"_s,
                               u"[CERTIFICATE_EXPIRATION] > 3650d"_s, u"[MIN_CHAIN_DAYS] > 3650"_s,
                               u"[CHAIN_VALID] == false"_s, u"[HSTS] == false"_s, u"[HTTP_REDIRECTS_TO_HTTPS] == false"_s});
    QVERIFY2(r.status == Status::Pass, qPrintable(describe(r) + QString::fromUtf8(QJsonDocument(r.conditions).toJson())));
    QCOMPARE(r.conditions.size(), 8);
    const ProbeResult tighter = run(params(https, http), {u"[TLS_VERSION] >= 1.4"_s});
    QCOMPARE(tighter.status, Status::Fail);
    QVERIFY2(tighter.summary.contains(u"failed: [TLS_VERSION] >= 1.4 (actual 1."_s), qPrintable(tighter.summary));
}

void TestTlsProbe::oldProtocolOnlyFails()
{
    LocalHttpsServer https;
    // QSsl::TlsV1_0 is hidden by QT_DISABLE_DEPRECATED_UP_TO; its value is 0.
    https.setProtocol(static_cast<QSsl::SslProtocol>(0));
    QVERIFY(startHttps(https, u"leaf-localhost"_s, "max-age=31536000"));
    PlainRedirectServer http;
    http.setAnswer(301, https.url().toString().toUtf8());
    QVERIFY(http.start());
    const ProbeResult r = run(params(https, http));
    // Either way an old-only server must fail: by its version, or because the handshake is refused.
    QVERIFY2(r.status == Status::Fail, qPrintable(describe(r)));
    if (!r.evidence.contains(u"protocol"_s)) {
        QVERIFY2(r.summary.contains(u"no TLS connection"_s), qPrintable(r.summary));
        QSKIP(qPrintable(u"TLS 1.0 could not be negotiated on this machine (Debian's OpenSSL 3 refuses TLS 1.0 and 1.1 "
                         u"at its default security level), so the version verdict itself is covered by evaluateDecides; "
                         u"the refused handshake failed the check as it should: "_s
                         + r.summary));
    }
    QVERIFY2(r.summary.contains(u"below TLS 1.2"_s), qPrintable(r.summary));
}

void TestTlsProbe::plainHttpUrlFailsWithoutConnecting()
{
    const ProbeResult r = run({{u"url"_s, u"http://127.0.0.1:9/"_s}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"served over plain http://"_s), qPrintable(r.summary));
}

void TestTlsProbe::missingCaFileIsAnError()
{
    const ProbeResult r = run({{u"url"_s, u"https://127.0.0.1:9/"_s}, {u"ca_file"_s, u"no-such-ca.pem"_s}});
    QCOMPARE(r.status, Status::Error);
    QVERIFY2(r.summary.contains(u"no-such-ca.pem"_s), qPrintable(r.summary));
    const ProbeResult notPem = run({{u"url"_s, u"https://127.0.0.1:9/"_s}, {u"ca_file"_s, u"README.md"_s}});
    QCOMPARE(notPem.status, Status::Error);
    QVERIFY2(notPem.summary.contains(u"holds no PEM certificate"_s), qPrintable(notPem.summary));
}

void TestTlsProbe::refusedConnectionFails()
{
    // A port that was just free: nothing listens there.
    QTcpServer probePort;
    QVERIFY(probePort.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probePort.serverPort();
    probePort.close();
    const ProbeResult r = run({{u"url"_s, u"https://127.0.0.1:%1/"_s.arg(port)},
                               {u"http_url"_s, u"http://127.0.0.1:%1/"_s.arg(port)},
                               {u"timeout"_s, 3000}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"no TLS connection to 127.0.0.1"_s), qPrintable(r.summary));
    QVERIFY2(r.summary.contains(u"did not answer"_s), qPrintable(r.summary));
    QCOMPARE(r.conditions.first().toObject().value(u"ok"_s).toBool(), false);
}

void TestTlsProbe::silentServerTimesOut()
{
    QTcpServer silent; // accepts and never says a word: no TLS handshake
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QString url = u"https://127.0.0.1:%1/"_s.arg(silent.serverPort());
    const ProbeResult r = run({{u"url"_s, url}, {u"http_url"_s, u"http://127.0.0.1:%1/"_s.arg(silent.serverPort())},
                               {u"timeout"_s, 300}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"no answer within 300 ms"_s), qPrintable(r.summary));
}

void TestTlsProbe::cancelFinishesAtOnce()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ProbeRequest request;
    request.itemId = u"infra.https"_s;
    request.spec.kind = u"tls"_s;
    request.spec.params = {{u"url"_s, u"https://127.0.0.1:%1/"_s.arg(silent.serverPort())}, {u"timeout"_s, 60000}};
    StandardProbeFactory factory(&m_nam, {});
    QString error;
    std::unique_ptr<Probe> probe = factory.create(request, &error);
    QVERIFY2(probe, qPrintable(error));
    QVERIFY(qobject_cast<TlsProbe *>(probe.get()));
    QSignalSpy spy(probe.get(), &Probe::finished);
    probe->start();
    QTRY_VERIFY(silent.hasPendingConnections());
    probe->cancel();
    QCOMPARE(spy.size(), 1);
    const ProbeResult r = spy.first().first().value<ProbeResult>();
    QCOMPARE(r.status, Status::Error);
    QCOMPARE(r.summary, u"cancelled"_s);
    probe->cancel();
    QCOMPARE(spy.size(), 1);
}

void TestTlsProbe::endlessPlainHttpBodyIsCut()
{
    LocalHttpsServer https;
    QVERIFY(startHttps(https, u"leaf-localhost"_s, "max-age=31536000"));
    HostileHttpServer hostile;
    QVERIFY(hostile.start());
    const ProbeResult r = run({{u"url"_s, https.url().toString()},
                               {u"http_url"_s, hostile.url(u"/endless"_s).toString()},
                               {u"ca_file"_s, u"test-ca.pem"_s},
                               {u"timeout"_s, 5000}});
    QCOMPARE(r.status, Status::Fail);
    QVERIFY2(r.summary.contains(u"answers 200 instead of redirecting to https://"_s), qPrintable(r.summary));
    QVERIFY2(r.durationMs < 5000, qPrintable(QString::number(r.durationMs)));
}

void TestTlsProbe::configAcceptsHttpUrlAndCaFile()
{
    const QByteArray yaml = "version: 1\nproject: tls-test\nchecks:\n"
                            "  infra.https: {tls: {url: \"https://api.example.com\", min_days: 7, timeout: 5s,\n"
                            "                      http_url: \"http://api.example.com:8080/\", ca_file: certs/private-ca.pem}}\n";
    const ConfigLoadResult good = ConfigLoader::loadText(yaml, u"liftoff.yaml"_s, u"/project"_s);
    QVERIFY2(good.ok(), qPrintable(good.errorText()));
    const QVariantMap params = good.project->checks.value(u"infra.https"_s).probe->params;
    QCOMPARE(params.value(u"http_url"_s).toString(), u"http://api.example.com:8080/"_s);
    QCOMPARE(params.value(u"ca_file"_s).toString(), u"certs/private-ca.pem"_s);
    QCOMPARE(params.value(u"min_days"_s).toInt(), 7);
    QByteArray typo = yaml;
    typo.replace("ca_file", "ca_flie");
    const ConfigLoadResult bad = ConfigLoader::loadText(typo, u"liftoff.yaml"_s, u"/project"_s);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.errorText().contains(u"ca_file"_s), qPrintable(bad.errorText()));
}

void TestTlsProbe::hstsMaxAge_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("maxAge");
    QTest::addColumn<bool>("subDomains");
    QTest::newRow("plain") << QByteArray("max-age=31536000") << qint64(31536000) << false;
    QTest::newRow("subdomains") << QByteArray("max-age=600; includeSubDomains") << qint64(600) << true;
    QTest::newRow("order and case") << QByteArray("IncludeSubdomains ; MAX-AGE=10 ; preload") << qint64(10) << true;
    QTest::newRow("quoted") << QByteArray("max-age=\"42\"") << qint64(42) << false;
    QTest::newRow("zero") << QByteArray("max-age=0") << qint64(0) << false;
    QTest::newRow("missing") << QByteArray("includeSubDomains") << qint64(-1) << false;
    QTest::newRow("empty") << QByteArray() << qint64(-1) << false;
    QTest::newRow("negative") << QByteArray("max-age=-5") << qint64(-1) << false;
    QTest::newRow("no value") << QByteArray("max-age") << qint64(-1) << false;
    QTest::newRow("text") << QByteArray("max-age=year") << qint64(-1) << false;
    QTest::newRow("twice") << QByteArray("max-age=5; max-age=6") << qint64(-1) << false;
    QTest::newRow("huge") << QByteArray("max-age=99999999999999999999999") << qint64(-1) << false;
}

void TestTlsProbe::hstsMaxAge()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, maxAge);
    QFETCH(bool, subDomains);
    QCOMPARE(TlsEvaluation::hstsMaxAge(value), maxAge);
    QCOMPARE(TlsEvaluation::hstsIncludesSubDomains(value), subDomains);
}

void TestTlsProbe::redirectsToHttps_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("location");
    QTest::addColumn<bool>("expected");
    QTest::newRow("301") << 301 << u"https://app.example.com/"_s << true;
    QTest::newRow("308 with port") << 308 << u"https://app.example.com:8443/x"_s << true;
    QTest::newRow("302") << 302 << u"https://app.example.com/"_s << true;
    QTest::newRow("307") << 307 << u"https://APP.example.com/"_s << true;
    QTest::newRow("303") << 303 << u"https://app.example.com/"_s << false;
    QTest::newRow("200") << 200 << QString() << false;
    QTest::newRow("to http") << 301 << u"http://app.example.com/"_s << false;
    QTest::newRow("relative") << 301 << u"/secure"_s << false;
    QTest::newRow("scheme-relative") << 301 << u"//app.example.com/"_s << false;
    QTest::newRow("other host") << 301 << u"https://evil.example/"_s << false;
    QTest::newRow("no location") << 301 << QString() << false;
}

void TestTlsProbe::redirectsToHttps()
{
    QFETCH(int, status);
    QFETCH(QString, location);
    QFETCH(bool, expected);
    QCOMPARE(TlsEvaluation::redirectsToHttps(status, location, QUrl(u"http://app.example.com/"_s)), expected);
}

void TestTlsProbe::daysLeftRoundsDown_data()
{
    QTest::addColumn<qint64>("msLeft");
    QTest::addColumn<qint64>("days");
    const qint64 day = TlsEvaluation::MS_PER_DAY;
    QTest::newRow("exactly 14") << 14 * day << qint64(14);
    QTest::newRow("just under 14") << 14 * day - 1 << qint64(13);
    QTest::newRow("an hour") << qint64(3600000) << qint64(0);
    QTest::newRow("now") << qint64(0) << qint64(0);
    QTest::newRow("an hour ago") << qint64(-3600000) << qint64(-1);
    QTest::newRow("a day ago") << -day << qint64(-1);
    QTest::newRow("a day and a ms ago") << -day - 1 << qint64(-2);
}

void TestTlsProbe::daysLeftRoundsDown()
{
    QFETCH(qint64, msLeft);
    QFETCH(qint64, days);
    const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    QCOMPARE(TlsEvaluation::daysLeft(now.addMSecs(msLeft), now), days);
}

void TestTlsProbe::parsesResponseHead()
{
    const auto head = TlsEvaluation::parseResponseHead(
        "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=5\r\nbroken line\r\nX: a:b\r\n\r\nbody: no");
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("strict-transport-security").value_or(QByteArray()), QByteArray("max-age=5"));
    QCOMPARE(head.header("x").value_or(QByteArray()), QByteArray("a:b"));
    QVERIFY(!head.header("body"));
    QCOMPARE(TlsEvaluation::parseResponseHead("SSH-2.0-OpenSSH\r\n").status, 0);
    QCOMPARE(TlsEvaluation::parseResponseHead("HTTP/1.1 abc\r\n\r\n").status, 0);
    QCOMPARE(TlsEvaluation::parseResponseHead({}).status, 0);
}

void TestTlsProbe::evaluateDecides_data()
{
    QTest::addColumn<double>("version");
    QTest::addColumn<QStringList>("errors");
    QTest::addColumn<int>("leafDays");
    QTest::addColumn<int>("caDays");
    QTest::addColumn<QByteArray>("hsts");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("summaryContains");

    const QByteArray hsts = "max-age=31536000";
    QTest::newRow("all good") << 1.3 << QStringList() << 90 << 3000 << hsts << 301 << Status::Pass << u"TLS 1.3 to"_s;
    QTest::newRow("TLS 1.2") << 1.2 << QStringList() << 90 << 3000 << hsts << 308 << Status::Pass << u"TLS 1.2"_s;
    QTest::newRow("TLS 1.1") << 1.1 << QStringList() << 90 << 3000 << hsts << 301 << Status::Fail
                             << u"negotiated TLS 1.1, below TLS 1.2"_s;
    QTest::newRow("TLS 1.0") << 1.0 << QStringList() << 90 << 3000 << hsts << 301 << Status::Fail
                             << u"negotiated TLS 1.0, below TLS 1.2"_s;
    QTest::newRow("untrusted") << 1.3 << QStringList {u"UnableToGetLocalIssuerCertificate"_s} << 90 << 3000 << hsts << 301
                               << Status::Fail << u"chain not valid: UnableToGetLocalIssuerCertificate"_s;
    QTest::newRow("hostname only") << 1.3 << QStringList {u"HostNameMismatch"_s} << 90 << 3000 << hsts << 301
                                   << Status::Fail << u"HostNameMismatch"_s;
    QTest::newRow("CA expires first") << 1.3 << QStringList() << 90 << 10 << hsts << 301 << Status::Fail
                                      << u"certificate CA expires in 10 days (minimum 14)"_s;
    QTest::newRow("leaf expired") << 1.3 << QStringList() << -2 << 3000 << hsts << 301 << Status::Fail
                                  << u"certificate leaf expired on"_s;
    QTest::newRow("14 days is enough") << 1.3 << QStringList() << 14 << 3000 << hsts << 301 << Status::Pass
                                       << u"earliest expiry in 14 days (leaf)"_s;
    QTest::newRow("no HSTS") << 1.3 << QStringList() << 90 << 3000 << QByteArray() << 301 << Status::Fail
                             << u"no Strict-Transport-Security"_s;
    QTest::newRow("bad HSTS") << 1.3 << QStringList() << 90 << 3000 << QByteArray("max-age=x") << 301 << Status::Fail
                              << u"without a positive max-age"_s;
    QTest::newRow("no redirect") << 1.3 << QStringList() << 90 << 3000 << hsts << 200 << Status::Fail
                                 << u"answers 200 instead of redirecting"_s;
    QTest::newRow("plain http closed") << 1.3 << QStringList() << 90 << 3000 << hsts << 0 << Status::Fail
                                       << u"did not answer: Connection refused"_s;
    QTest::newRow("several problems") << 1.1 << QStringList {u"SelfSignedCertificate"_s} << 90 << 3000 << QByteArray()
                                      << 200 << Status::Fail << u"below TLS 1.2; certificate chain not valid"_s;
}

void TestTlsProbe::evaluateDecides()
{
    QFETCH(double, version);
    QFETCH(QStringList, errors);
    QFETCH(int, leafDays);
    QFETCH(int, caDays);
    QFETCH(QByteArray, hsts);
    QFETCH(int, httpStatus);
    QFETCH(Status, expected);
    QFETCH(QString, summaryContains);

    const QDateTime now(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
    TlsEvaluation::Observation o;
    o.displayUrl = u"https://app.example.com/"_s;
    o.host = u"app.example.com"_s;
    o.now = now;
    o.connected = true;
    o.tlsVersion = version;
    // A few minutes more than whole days, as a real notAfter would be.
    o.chain = {{u"leaf"_s, u"CA"_s, now.addDays(-30), now.addDays(leafDays).addSecs(300)},
               {u"CA"_s, u"CA"_s, now.addDays(-300), now.addDays(caDays).addSecs(300)}};
    for (const QString &name : errors)
        o.sslErrors.append({name, u"described"_s, u"leaf"_s});
    o.httpsStatus = 200;
    if (!hsts.isEmpty())
        o.hsts = hsts;
    o.httpUrl = u"http://app.example.com/"_s;
    o.httpStatus = httpStatus;
    if (httpStatus == 301 || httpStatus == 308)
        o.httpLocation = u"https://app.example.com/"_s;
    if (httpStatus == 0)
        o.httpError = u"Connection refused"_s;
    const ProbeResult r = TlsEvaluation::evaluate(o, {});
    QVERIFY2(r.status == expected, qPrintable(describe(r)));
    QVERIFY2(r.summary.contains(summaryContains), qPrintable(r.summary));
    QCOMPARE(r.conditions.size(), 7);
    QCOMPARE(r.evidence.value(u"certificates"_s).toArray().size(), 2);
    QCOMPARE(r.evidence.value(u"minChainDays"_s).toInt(), qMin(leafDays, caDays));
}

QTEST_GUILESS_MAIN(TestTlsProbe)
#include "TestTlsProbe.moc"
