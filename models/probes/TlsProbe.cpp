// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/TlsProbe.h"

#include "report/ChecklistReport.h"
#include "sources/BoundedReply.h"

#include <QDir>
#include <QFile>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace {
QString maskedUrl(const QUrl &url)
{
    return ChecklistReport::redactEvidence({{u"url"_s, url.toString()}}).value(u"url"_s).toString();
}

QString nameOf(const QSslCertificate &certificate, bool issuer)
{
    const QStringList cn = issuer ? certificate.issuerInfo(QSslCertificate::CommonName)
                                  : certificate.subjectInfo(QSslCertificate::CommonName);
    if (!cn.isEmpty())
        return cn.join(u", "_s);
    return issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
}

double versionOf(QSsl::SslProtocol protocol)
{
    if (protocol == QSsl::TlsV1_3)
        return 1.3;
    if (protocol == QSsl::TlsV1_2)
        return 1.2;
    // QT_DISABLE_DEPRECATED_UP_TO hides QSsl::TlsV1_0 and TlsV1_1; their values are 0 and 1.
    const int value = static_cast<int>(protocol);
    if (value == 0)
        return 1.0;
    if (value == 1)
        return 1.1;
    return 0;
}
} // namespace

TlsProbe::TlsProbe(QNetworkAccessManager *nam, ProbeContext context, ProbeRequest request, QObject *parent)
    : Probe(parent)
    , m_nam(nam)
    , m_context(std::move(context))
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &TlsProbe::handleTimeout);
    const QVariantMap &params = m_request.spec.params;
    m_url = QUrl(m_context.expand(params.value(u"url"_s).toString()));
    m_timeoutMs = qBound(qint64(1), params.value(u"timeout"_s, DEFAULT_TIMEOUT_MS).toLongLong(), qint64(3600) * 1000);
    m_observation.minDays = params.value(u"min_days"_s, TlsEvaluation::DEFAULT_MIN_DAYS).toInt();
}

TlsProbe::~TlsProbe()
{
    dropSocket();
    dropReply();
}

QString TlsProbe::host() const
{
    return m_url.host();
}

void TlsProbe::start()
{
    if (m_step != Step::Idle)
        return;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    const QVariantMap &params = m_request.spec.params;
    m_observation.displayUrl = maskedUrl(m_url);
    m_observation.host = m_url.host();
    m_observation.port = m_url.port(443);
    if (!m_url.isValid() || m_url.host().isEmpty() || (m_url.scheme() != u"https" && m_url.scheme() != u"http")) {
        finishLater(ProbeResult::error(m_request.itemId,
                                       u"the url '%1' is not an https URL; fix it in liftoff.yaml"_s.arg(m_observation.displayUrl)));
        return;
    }
    if (m_url.scheme() == u"http") {
        // Not a configuration error: the deployment is reached over plain HTTP, which is the finding.
        ProbeResult result;
        result.status = Status::Fail;
        result.summary = u"%1 is served over plain http://, not https://"_s.arg(m_observation.displayUrl);
        result.evidence = ChecklistReport::redactEvidence({{u"url"_s, m_observation.displayUrl}});
        finishLater(result);
        return;
    }
    if (params.contains(u"http_url"_s)) {
        m_httpUrl = QUrl(m_context.expand(params.value(u"http_url"_s).toString()));
        if (!m_httpUrl.isValid() || m_httpUrl.scheme() != u"http" || m_httpUrl.host().isEmpty()) {
            finishLater(ProbeResult::error(m_request.itemId, u"http_url '%1' is not an http:// URL; fix it in liftoff.yaml"_s
                                                                 .arg(maskedUrl(m_httpUrl))));
            return;
        }
    } else {
        m_httpUrl = m_url;
        m_httpUrl.setScheme(u"http"_s);
        m_httpUrl.setPort(-1);
    }
    m_observation.httpUrl = maskedUrl(m_httpUrl);
    if (params.contains(u"ca_file"_s)) {
        const QString name = params.value(u"ca_file"_s).toString();
        const QString path = QDir::isAbsolutePath(name) ? name : QDir(m_context.projectDir).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            finishLater(ProbeResult::error(m_request.itemId, u"ca_file %1: %2"_s.arg(path, file.errorString())));
            return;
        }
        m_extraCas = QSslCertificate::fromData(file.read(MAX_CA_FILE_BYTES), QSsl::Pem);
        if (m_extraCas.isEmpty()) {
            finishLater(ProbeResult::error(m_request.itemId, u"ca_file %1 holds no PEM certificate"_s.arg(path)));
            return;
        }
    }
    startTls();
}

void TlsProbe::startTls()
{
    m_step = Step::Tls;
    m_socket = new QSslSocket(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    // Any version the TLS library still speaks, so an old one is reported rather than just refused.
    config.setProtocol(QSsl::AnyProtocol);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_extraCas.isEmpty())
        config.addCaCertificates(m_extraCas);
    m_socket->setSslConfiguration(config);
    connect(m_socket, &QSslSocket::sslErrors, this, &TlsProbe::handleSslErrors);
    connect(m_socket, &QSslSocket::encrypted, this, &TlsProbe::handleEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &TlsProbe::handleTlsReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &TlsProbe::handleTlsError);
    m_timeout.start(static_cast<int>(m_timeoutMs));
    m_socket->connectToHostEncrypted(m_url.host(), static_cast<quint16>(m_observation.port));
}

void TlsProbe::handleSslErrors(const QList<QSslError> &errors)
{
    const QMetaEnum names = QMetaEnum::fromType<QSslError::SslError>();
    for (const QSslError &error : errors) {
        TlsEvaluation::SslProblem problem;
        const char *key = names.valueToKey(error.error());
        problem.name = key ? QString::fromLatin1(key) : u"SslError%1"_s.arg(int(error.error()));
        problem.description = error.errorString();
        if (!error.certificate().isNull())
            problem.certificate = nameOf(error.certificate(), false);
        const bool known = std::any_of(m_observation.sslErrors.begin(), m_observation.sslErrors.end(),
                                       [&problem](const TlsEvaluation::SslProblem &p) {
                                           return p.name == problem.name && p.certificate == problem.certificate;
                                       });
        if (!known)
            m_observation.sslErrors.append(problem);
    }
    // Every error is now recorded and fails the check; letting exactly these through (never all
    // errors) keeps the handshake going so that the chain, protocol and HSTS can still be reported.
    // Nothing secret is ever sent on this connection.
    m_socket->ignoreSslErrors(errors);
}

void TlsProbe::handleEncrypted()
{
    m_observation.connected = true;
    m_observation.tlsVersion = versionOf(m_socket->sessionProtocol());
    const QList<QSslCertificate> chain = m_socket->peerCertificateChain();
    for (const QSslCertificate &certificate : chain) {
        m_observation.chain.append({nameOf(certificate, false), nameOf(certificate, true), certificate.effectiveDate(),
                                    certificate.expiryDate()});
    }
    QByteArray target = m_url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (m_url.hasQuery())
        target += '?' + m_url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray hostHeader = m_url.host(QUrl::FullyEncoded).toLatin1();
    if (m_observation.port != 443)
        hostHeader += ':' + QByteArray::number(m_observation.port);
    const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nUser-Agent: Liftoff/" LIFTOFF_VERSION " (release checklist probe)\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    m_socket->write(request);
}

void TlsProbe::handleTlsReadyRead()
{
    if (m_step != Step::Tls || !m_socket)
        return;
    m_head += m_socket->read(MAX_HEAD_BYTES - m_head.size());
    if (m_head.contains("\r\n\r\n") || m_head.size() >= MAX_HEAD_BYTES)
        finishTls({});
}

void TlsProbe::handleTlsError()
{
    if (m_step != Step::Tls || !m_socket)
        return;
    finishTls(m_socket->errorString());
}

void TlsProbe::finishTls(const QString &error)
{
    if (m_step != Step::Tls)
        return;
    if (m_socket && m_observation.connected)
        m_head += m_socket->read(MAX_HEAD_BYTES - m_head.size());
    const TlsEvaluation::ResponseHead head = TlsEvaluation::parseResponseHead(m_head);
    if (!m_observation.connected) {
        m_observation.connectError = error.isEmpty() ? u"the TLS handshake did not complete"_s : error;
    } else if (head.status > 0) {
        m_observation.httpsStatus = head.status;
        m_observation.hsts = head.header("Strict-Transport-Security");
    } else {
        m_observation.httpsError = error.isEmpty() ? u"the answer was no HTTP/1.x response"_s : error;
    }
    dropSocket();
    startHttp();
}

void TlsProbe::startHttp()
{
    m_step = Step::Http;
    QNetworkRequest request(m_httpUrl);
    // Each hop is inspected by hand: only the first answer counts.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Liftoff/%1 (release checklist probe)"_s.arg(QStringLiteral(LIFTOFF_VERSION)));
    m_reply = m_nam->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &TlsProbe::handleHttpMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &TlsProbe::handleHttpReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &TlsProbe::handleHttpFinished);
    m_timeout.start(static_cast<int>(m_timeoutMs));
}

void TlsProbe::handleHttpMetaData()
{
    if (!m_reply || m_httpHeadSeen)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status <= 0)
        return;
    m_httpHeadSeen = true;
    m_observation.httpStatus = status;
    m_observation.httpLocation = QString::fromUtf8(m_reply->rawHeader("Location").left(2048));
}

void TlsProbe::handleHttpReadyRead()
{
    if (!m_reply)
        return;
    // The body does not matter: it is read and dropped so that the reply ends normally, and an
    // endless one is cut.
    if (!BoundedReply::discard(m_reply, m_httpDiscarded, MAX_DISCARDED_BYTES))
        m_reply->abort();
}

void TlsProbe::handleHttpFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!m_httpHeadSeen) {
        m_observation.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_observation.httpLocation = QString::fromUtf8(reply->rawHeader("Location").left(2048));
        if (m_observation.httpStatus == 0)
            m_observation.httpError = reply->errorString();
    }
    complete();
}

void TlsProbe::handleTimeout()
{
    const QString message = u"no answer within %1 ms"_s.arg(m_timeoutMs);
    if (m_step == Step::Tls) {
        finishTls(message);
    } else if (m_step == Step::Http) {
        dropReply();
        m_observation.httpError = message;
        complete();
    }
}

void TlsProbe::complete()
{
    m_step = Step::Done;
    m_timeout.stop();
    m_observation.now = QDateTime::currentDateTimeUtc();
    ProbeResult result = TlsEvaluation::evaluate(m_observation, m_request.conditions);
    result.itemId = m_request.itemId;
    result.startedAt = m_startedAt;
    result.durationMs = m_elapsed.elapsed();
    emit finished(result);
}

void TlsProbe::cancel()
{
    if (m_step == Step::Done)
        return;
    m_step = Step::Done;
    m_timeout.stop();
    dropSocket();
    dropReply();
    ProbeResult result = ProbeResult::error(m_request.itemId, u"cancelled"_s);
    result.startedAt = m_startedAt;
    emit finished(result);
}

void TlsProbe::finishLater(const ProbeResult &result)
{
    m_step = Step::Done;
    ProbeResult out = result;
    out.itemId = m_request.itemId;
    out.startedAt = m_startedAt;
    // Let the caller connect before the result arrives.
    QMetaObject::invokeMethod(this, [this, out] { emit finished(out); }, Qt::QueuedConnection);
}

void TlsProbe::dropSocket()
{
    if (!m_socket)
        return;
    QSslSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void TlsProbe::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}
