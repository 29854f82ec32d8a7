package io.callcenter.archfixtures.minio.calls;

import io.minio.MinioClient;

public class StoresDirectly {
    MinioClient client;
}
