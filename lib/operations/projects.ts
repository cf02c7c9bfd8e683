import { z } from "zod";
import { createProjectBody, projectMemberResponse, projectResponse, setProjectMemberBody, updateProjectBody } from "@/lib/schemas/projects";
import { page, pageQuery } from "@/lib/schemas/common";
import { createProject as create } from "@/lib/projects/create-project";
import { deleteProject as remove } from "@/lib/projects/delete-project";
import { getProject as get } from "@/lib/projects/get-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { listProjectMembers as listMembers, removeProjectMember as removeMember, setProjectMember as setMember } from "@/lib/projects/project-members";
import { updateProject as update } from "@/lib/projects/update-project";
import { defineResource } from "./define";

const projectParams = z.object({ id: z.string().meta({ description: "Project id or slug" }) });
const projectMemberParams = projectParams.extend({ userId: z.string() });

// A route on one project takes it from the path: withProject reads `{id}` itself, and the
// document asks for X-Tenant-Id only.
const fromPath = { auth: "project", projectParam: "id", documentOnly: ["params"] } as const;

export const projects = defineResource({ tags: ["Projects"], auth: "workspace", components: { Project: projectResponse, ProjectMember: projectMemberResponse } }, (op) => ({
  listProjects: op({
    route: "GET /v1/projects",
    summary: "The projects you can see, with your role in each",
    action: "workspace.read",
    query: pageQuery,
    responses: { 200: { description: "A page of projects", schema: (c) => page(c.Project) } },
    handler: async (ctx, { query }) => listVisibleProjects(viewerOf(ctx), query),
  }),

  createProject: op({
    route: "POST /v1/projects",
    summary: "Create a project",
    action: "project.create",
    body: createProjectBody,
    errors: [409],
    responses: { 201: { description: "The project", schema: (c) => c.Project } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  getProject: op({
    route: "GET /v1/projects/{id}",
    summary: "One project with your role",
    description: "A project you have no role in is a 404.",
    ...fromPath,
    action: "project.read",
    params: projectParams,
    responses: { 200: { description: "The project", schema: (c) => c.Project } },
    handler: async (ctx) => get(ctx),
  }),

  updateProject: op({
    route: "PATCH /v1/projects/{id}",
    summary: "Rename a project or set its default run budget",
    ...fromPath,
    action: "project.update",
    params: projectParams,
    body: updateProjectBody,
    responses: { 200: { description: "The project", schema: (c) => c.Project } },
    handler: async (ctx, { body }) => update(ctx, body),
  }),

  deleteProject: op({
    route: "DELETE /v1/projects/{id}",
    summary: "Delete a project and everything in it",
    description: "The default project cannot be deleted (422).",
    ...fromPath,
    action: "project.delete",
    params: projectParams,
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx) => remove(ctx),
  }),

  listProjectMembers: op({
    route: "GET /v1/projects/{id}/members",
    summary: "Explicit project roles",
    description: "Owners and tenant admins are implicit project admins and are not listed.",
    ...fromPath,
    action: "project.read",
    params: projectParams,
    query: pageQuery,
    responses: { 200: { description: "A page of project members", schema: (c) => page(c.ProjectMember) } },
    handler: async (ctx, { query }) => listMembers(ctx.project.id, query),
  }),

  setProjectMember: op({
    route: "PUT /v1/projects/{id}/members/{userId}",
    summary: "Grant or change a member's project role",
    ...fromPath,
    action: "project_member.manage",
    params: projectMemberParams,
    body: setProjectMemberBody,
    responses: { 200: { description: "The project member", schema: (c) => c.ProjectMember } },
    handler: async (ctx, { body }) => setMember(ctx, ctx.params.userId, body.role),
  }),

  removeProjectMember: op({
    route: "DELETE /v1/projects/{id}/members/{userId}",
    summary: "Revoke a member's project role",
    ...fromPath,
    action: "project_member.manage",
    params: projectMemberParams,
    responses: { 204: { description: "Revoked" } },
    handler: async (ctx) => removeMember(ctx, ctx.params.userId),
  }),
}));
